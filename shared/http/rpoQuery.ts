// Reads and checks the query of GET /api/rpo. Returns either the value or the 400 to send, naming the parameter.
// A parameter it does not know is refused by name (`?clusters=` must not quietly mean the whole fleet); only `code`,
// the function key Azure reads itself, passes.
import type { HttpResponseInit } from '@azure/functions';
import { armIdProblem, parseBackupInstanceId, parseVaultId } from '../domain/armId.js';
import type { Verdict } from '../domain/rpo/rpo.js';
import type { RpoQuery } from '../usecases/rpo/rpoReport.js';

export type Parsed<T> = { readonly value: T } | { readonly response: HttpResponseInit };

export function badRequest(parameter: string, message: string): { response: HttpResponseInit } {
  return { response: { status: 400, jsonBody: { error: { code: 'InvalidParameter', parameter, message } } } };
}

export const VERDICTS: readonly Verdict[] = ['ok', 'at-risk', 'breached', 'unknown'];
/** The report's own spelling (`summary.atRisk`) works as a filter too. */
const VERDICT_ALIASES: Readonly<Record<string, Verdict>> = { atrisk: 'at-risk' };
const PARAMETERS = ['instance', 'cluster', 'vault', 'verdict', 'code'];
/** Longer than any ARM id Azure allows; a longer value is a mistake or an attack, not a filter. */
const MAX_VALUE_LENGTH = 2048;

/** Azure resource names as clusters and vaults use them. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,89}$/;
const CLUSTER_ID = /^\/subscriptions\/[^/?#]+\/resourceGroups\/[^/?#]+\/providers\/Microsoft\.ContainerService\/managedClusters\/[^/?#]+$/i;

export function parseRpoQuery(query: URLSearchParams, watchedSubscriptions: readonly string[]): Parsed<RpoQuery> {
  const value: { -readonly [K in keyof RpoQuery]: RpoQuery[K] } = {};
  const unknown = [...new Set(query.keys())].filter((k) => !PARAMETERS.includes(k));
  if (unknown.length > 0) {
    const names = unknown.map((k) => JSON.stringify(k.length > 40 ? `${k.slice(0, 40)}…` : k)).join(', ');
    return badRequest(
      unknown[0] || '(unnamed)',
      `unknown parameter${unknown.length > 1 ? 's' : ''} ${names}; use instance, cluster, vault, verdict`,
    );
  }
  for (const [name, v] of query) {
    if (v.length > MAX_VALUE_LENGTH) return badRequest(name, `is longer than ${MAX_VALUE_LENGTH} characters`);
  }
  const instance = single(query, 'instance');
  if ('response' in instance) return instance;
  if (instance.value !== undefined) {
    const problem = armIdProblem(instance.value);
    if (problem) return badRequest('instance', `must be a backup instance ARM id; this one ${problem}`);
    const ref = parseBackupInstanceId(instance.value);
    if (!ref) {
      return badRequest(
        'instance',
        'must be a backup instance ARM id: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.DataProtection/backupVaults/<vault>/backupInstances/<name>',
      );
    }
    if (!watchedSubscriptions.some((s) => s.toLowerCase() === ref.subscriptionId.toLowerCase())) {
      return badRequest('instance', `subscription ${ref.subscriptionId} is not watched by this app (setting AZURE_SUBSCRIPTION_IDS)`);
    }
    value.instanceId = ref.id;
  }
  const cluster = single(query, 'cluster');
  if ('response' in cluster) return cluster;
  if (cluster.value !== undefined) {
    if (!NAME.test(cluster.value) && (!CLUSTER_ID.test(cluster.value) || armIdProblem(cluster.value))) {
      return badRequest(
        'cluster',
        'must be an AKS cluster name or its ARM id (/subscriptions/…/providers/Microsoft.ContainerService/managedClusters/<name>)',
      );
    }
    value.cluster = cluster.value;
  }
  const vault = single(query, 'vault');
  if ('response' in vault) return vault;
  if (vault.value !== undefined) {
    const problem = armIdProblem(vault.value);
    if (problem) return badRequest('vault', `must be a backup vault name or its ARM id; this one ${problem}`);
    if (!NAME.test(vault.value) && !parseVaultId(vault.value)) {
      return badRequest(
        'vault',
        'must be a backup vault name or its ARM id (/subscriptions/…/providers/Microsoft.DataProtection/backupVaults/<name>)',
      );
    }
    value.vault = vault.value;
  }
  const verdicts = parseVerdicts(query);
  if ('response' in verdicts) return verdicts;
  if (verdicts.value) value.verdicts = verdicts.value;
  return { value };
}

/** `verdict=breached`, `verdict=breached,at-risk` or the parameter repeated; each one of the four verdicts. */
function parseVerdicts(query: URLSearchParams): Parsed<Verdict[] | undefined> {
  const raw = query.getAll('verdict');
  if (raw.length === 0) return { value: undefined };
  const wanted = raw
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toLowerCase())
    .map((v) => (Object.hasOwn(VERDICT_ALIASES, v) ? (VERDICT_ALIASES[v] ?? v) : v));
  if (wanted.some((v) => v === '')) return badRequest('verdict', `is empty; give one or more of ${VERDICTS.join(', ')}`);
  const wrong = wanted.find((v) => !VERDICTS.includes(v as Verdict));
  if (wrong !== undefined) return badRequest('verdict', `"${wrong}" is not a verdict; use ${VERDICTS.join(', ')}`);
  return { value: [...new Set(wanted as Verdict[])] };
}

/** An optional parameter given at most once and not empty. */
function single(query: URLSearchParams, name: string): Parsed<string | undefined> {
  const all = query.getAll(name);
  if (all.length === 0) return { value: undefined };
  if (all.length > 1) return badRequest(name, `give at most one ${name}`);
  const raw = all[0]?.trim() ?? '';
  if (!raw) return badRequest(name, `is empty; omit it to check every ${name === 'instance' ? 'instance' : `${name}'s instances`}`);
  return { value: raw };
}
