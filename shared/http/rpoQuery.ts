// Reads and checks the query of GET /api/rpo. Returns either the value or the 400 to send, naming the parameter.
import type { HttpResponseInit } from '@azure/functions';
import { parseBackupInstanceId } from '../domain/armId.js';
import type { RpoQuery } from '../usecases/rpoReport.js';

export type Parsed<T> = { readonly value: T } | { readonly response: HttpResponseInit };

export function badRequest(parameter: string, message: string): { response: HttpResponseInit } {
  return { response: { status: 400, jsonBody: { error: { code: 'InvalidParameter', parameter, message } } } };
}

export function parseRpoQuery(query: URLSearchParams, watchedSubscriptions: readonly string[]): Parsed<RpoQuery> {
  const all = query.getAll('instance');
  if (all.length === 0) return { value: {} };
  if (all.length > 1) return badRequest('instance', 'give at most one instance');
  const raw = all[0]?.trim() ?? '';
  if (!raw) return badRequest('instance', 'is empty; omit it to check every instance');
  const ref = parseBackupInstanceId(raw);
  if (!ref) {
    return badRequest(
      'instance',
      'must be a backup instance ARM id: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.DataProtection/backupVaults/<vault>/backupInstances/<name>',
    );
  }
  if (!watchedSubscriptions.some((s) => s.toLowerCase() === ref.subscriptionId.toLowerCase())) {
    return badRequest('instance', `subscription ${ref.subscriptionId} is not watched by this app (setting AZURE_SUBSCRIPTION_IDS)`);
  }
  return { value: { instanceId: ref.id } };
}
