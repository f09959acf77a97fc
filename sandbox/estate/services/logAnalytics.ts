// Log Analytics query API: POST /v1/workspaces/{id}/query (body {query, timespan}) and GET ?query=&timespan=.
// The one table is AddonAzureBackupJobs, fed from the model's job history with ingestion lag. `timespan` (ISO
// duration, or start/end, or start/duration) restricts TimeGenerated before the query runs, as the service does.
import { randomUUID } from 'node:crypto';
import type { HttpKit } from '../http/context.js';
import type { EstateRequest, EstateResponse, Route } from '../http/types.js';
import { KqlError, runKql, toLogAnalyticsJson } from '../kql/index.js';
import type { EstateModel } from '../model/estate.js';
import { backupJobRows, JOB_COLUMNS } from '../model/logRows.js';
import { fixedMs } from '../model/time.js';

type Range = { from?: number; to?: number };

export function logAnalyticsRoutes(model: EstateModel, _kit: HttpKit): Route[] {
  const handler = (req: EstateRequest, params: Readonly<Record<string, string>>): EstateResponse => {
    const workspace = params.workspaceId ?? '';
    if (workspace.toLowerCase() !== model.settings.workspaceId.toLowerCase()) {
      return laError(404, 'WorkspaceNotFoundError', `Workspace ${workspace} not found`);
    }
    const input =
      req.method === 'GET'
        ? { query: req.query.get('query'), timespan: req.query.get('timespan') }
        : ((req.body ?? {}) as { query?: unknown; timespan?: unknown });
    if (typeof input.query !== 'string' || input.query.trim() === '')
      return laError(400, 'BadArgumentError', 'The request had some invalid properties', {
        code: 'QueryMissing',
        message: 'The query parameter is required.',
      });
    const range = parseTimespan(input.timespan, model.nowMs());
    if (range === undefined)
      return laError(400, 'BadArgumentError', 'The request had some invalid properties', {
        code: 'InvalidTimespan',
        message: `Invalid timespan '${String(input.timespan)}'.`,
      });
    try {
      const result = runKql(input.query, {
        tables: { AddonAzureBackupJobs: { columns: JOB_COLUMNS, rows: () => backupJobRows(model, range) } },
        now: model.clock.now(),
      });
      return { status: 200, body: toLogAnalyticsJson(result) };
    } catch (error) {
      if (error instanceof KqlError)
        return laError(400, 'BadArgumentError', 'The request had some invalid properties', { code: error.code, message: error.message });
      throw error;
    }
  };
  const common = { pattern: '/v1/workspaces/:workspaceId/query', service: 'logAnalytics', kind: 'read', auth: 'bearer', handler } as const;
  return [
    { method: 'POST', ...common },
    { method: 'GET', ...common },
  ];
}

function laError(status: number, code: string, message: string, inner?: { code: string; message: string }): EstateResponse {
  return { status, body: { error: { message, code, correlationId: randomUUID(), ...(inner ? { innererror: inner } : {}) } } };
}

/** 'PT12H' (ending now), 'start/end', 'start/PT1H' or 'PT1H/end'; undefined when unreadable. Absent → no limit. */
export function parseTimespan(value: unknown, now: number): Range | undefined {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value !== 'string') return undefined;
  const parts = value.split('/');
  const instant = (t: string): number | undefined => (/^\d{4}-/.test(t) && !Number.isNaN(Date.parse(t)) ? Date.parse(t) : undefined);
  const span = (t: string): number | undefined => {
    const ms = fixedMs(t);
    return ms !== undefined && ms > 0 ? ms : undefined;
  };
  if (parts.length === 1) {
    const ms = span(parts[0] ?? '');
    return ms === undefined ? undefined : { from: now - ms, to: now };
  }
  if (parts.length !== 2) return undefined;
  const [a = '', b = ''] = parts;
  const start = instant(a);
  const end = instant(b);
  if (start !== undefined && end !== undefined) return start <= end ? { from: start, to: end } : undefined;
  const lengthAfter = span(b);
  if (start !== undefined && lengthAfter !== undefined) return { from: start, to: start + lengthAfter };
  const lengthBefore = span(a);
  if (lengthBefore !== undefined && end !== undefined) return { from: end - lengthBefore, to: end };
  return undefined;
}
