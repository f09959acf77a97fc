// An Azure Monitor alert in the common alert schema, checked field by field. Pure: the HTTP layer turns an error into
// a 400 naming the field. The alert is only a trigger to look: which job failed is read from Azure afterwards, so
// every detector reports the same facts. Only backup job failure alerts are acted on — Azure Backup's built-in ones
// and log search alerts over AddonAzureBackupJobs; any other well-formed alert (activity log, Service Health,
// metrics, Backup's security alerts) is read far enough to say why it is ignored.
import { armIdProblem, parseArmScope, parseBackupJobId } from '../armId.js';
import { parseRfc3339 } from '../rfc3339.js';

export interface AlertFacts {
  readonly alertId: string;
  readonly alertRule: string;
  readonly monitorCondition: 'Fired' | 'Resolved';
  readonly firedAt: Date;
  /** ARM ids the alert is about (subscriptions, resource groups, vaults or instances). */
  readonly targets: readonly string[];
  /** Backup job ARM ids named anywhere in alertContext (its backup fields are not documented for AKS), watched only. */
  readonly jobIds: readonly string[];
  /** Why the alert is not a backup job failure and nothing is done; undefined for one that is acted on. */
  readonly ignored?: string;
}

export interface AlertLimits {
  readonly watchedSubscriptions: readonly string[];
  /** At most this many distinct job ids per alert (ALERT_MAX_JOB_IDS): each one is an ARM call. */
  readonly maxJobIds: number;
}

export type AlertParse = { readonly value: AlertFacts } | { readonly error: { readonly field: string; readonly message: string } };

/** Loose on purpose: a malformed id that looks like a job's is refused by name rather than silently skipped. */
const JOB_ID_LIKE =
  /\/subscriptions\/[^/\s"]+\/resourceGroups\/[^/\s"]+\/providers\/Microsoft\.DataProtection\/backupVaults\/[^/\s"]+\/backupJobs\/[^/\s"?#&]+/gi;
/** The names Azure Backup gives its built-in job failure alerts ("Backup Failure", "Restore Failure"). */
const BUILT_IN_JOB_FAILURE = /\b(backup|restore)\s*failures?\b/i;
const BACKUP_JOBS_TABLE = /\bAddonAzureBackupJobs\b/;
/** The window looked at around firedDateTime must stay a date every query language can write. */
const EARLIEST_FIRED = new Date('2000-01-01T00:00:00Z');
const LATEST_FIRED = new Date('9999-12-30T00:00:00Z');
/** Deeper than this is not an alert Azure sends; walking it is where a recursive reader would overflow its stack. */
export const MAX_ALERT_DEPTH = 64;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (field: string, message: string): AlertParse => ({ error: { field, message } });

export function parseCommonAlert(body: unknown, limits: AlertLimits): AlertParse {
  if (!isObject(body)) return fail('(body)', 'must be a JSON object in the Azure Monitor common alert schema');
  if (body.schemaId !== 'azureMonitorCommonAlertSchema') {
    return fail('schemaId', 'must be "azureMonitorCommonAlertSchema" (enable the common alert schema on the action group)');
  }
  if (!isObject(body.data)) return fail('data', 'required, an object');
  const essentials = body.data.essentials;
  if (!isObject(essentials)) return fail('data.essentials', 'required, an object');
  const text = (name: string): string | undefined => {
    const v = essentials[name];
    return typeof v === 'string' && v.trim() !== '' ? v : undefined;
  };
  const alertId = text('alertId');
  if (!alertId) return fail('data.essentials.alertId', 'required, a non-empty string');
  const condition = text('monitorCondition');
  if (condition !== 'Fired' && condition !== 'Resolved') return fail('data.essentials.monitorCondition', 'must be "Fired" or "Resolved"');
  const firedAt = parseRfc3339(text('firedDateTime') ?? '');
  if (!firedAt || firedAt < EARLIEST_FIRED || firedAt > LATEST_FIRED) {
    return fail('data.essentials.firedDateTime', 'required, an RFC 3339 timestamp with a real date between 2000-01-01 and 9999-12-30');
  }
  const targets: unknown = essentials.alertTargetIDs;
  if (!Array.isArray(targets) || targets.length === 0)
    return fail('data.essentials.alertTargetIDs', 'required, a non-empty array of ARM ids');
  const scopes: { id: string; subscriptionId: string }[] = [];
  for (const [i, t] of (targets as unknown[]).entries()) {
    const scope = typeof t === 'string' ? parseArmScope(t) : undefined;
    if (typeof t !== 'string' || !scope) {
      const problem = typeof t === 'string' ? armIdProblem(t) : undefined;
      return fail(
        `data.essentials.alertTargetIDs[${i}]`,
        `must be an ARM id (/subscriptions/<id>[/resourceGroups/<rg>[/providers/…]])${problem ? `: it ${problem}` : ''}`,
      );
    }
    scopes.push({ id: t.trim(), subscriptionId: scope.subscriptionId });
  }
  const base: Omit<AlertFacts, 'jobIds' | 'ignored'> = {
    alertId,
    alertRule: text('alertRule') ?? '',
    monitorCondition: condition,
    firedAt,
    targets: scopes.map((s) => s.id),
  };

  const context = walkContext(body.data.alertContext);
  if ('error' in context) return context;
  const kind = jobFailureKind(text, context.strings, context.queries, context.jobIdLike.length > 0);
  if ('ignored' in kind) return { value: { ...base, jobIds: [], ignored: kind.ignored } };

  const watched = new Set(limits.watchedSubscriptions.map((s) => s.toLowerCase()));
  for (const [i, s] of scopes.entries()) {
    // A log alert's target is usually its workspace, which may well live in a subscription of its own.
    if (kind.kind === 'built-in' && !watched.has(s.subscriptionId.toLowerCase())) {
      return fail(`data.essentials.alertTargetIDs[${i}]`, `subscription ${s.subscriptionId} is not watched (AZURE_SUBSCRIPTION_IDS)`);
    }
  }
  const jobIds = new Map<string, string>();
  for (const { path, text: raw } of context.jobIdLike) {
    const job = parseBackupJobId(raw);
    if (!job) return fail(path, `names a backup job id that ${armIdProblem(raw) ?? 'is malformed'}`);
    if (watched.has(job.subscriptionId.toLowerCase()) && !jobIds.has(job.id.toLowerCase())) jobIds.set(job.id.toLowerCase(), job.id);
  }
  if (jobIds.size > limits.maxJobIds) {
    return fail('data.alertContext', `names ${jobIds.size} backup job ids; at most ${limits.maxJobIds} per alert (ALERT_MAX_JOB_IDS)`);
  }
  return { value: { ...base, jobIds: [...jobIds.values()] } };
}

interface ContextText {
  readonly strings: string[];
  /** Log search queries of a log alert (`searchQuery` in Log Alerts V2, `SearchQuery` in the older ones). */
  readonly queries: string[];
  readonly jobIdLike: { readonly path: string; readonly text: string }[];
}

/** Every string in alertContext with where it sits; iterative, depth-capped, so no input can exhaust the stack. */
function walkContext(root: unknown): ContextText | { readonly error: { readonly field: string; readonly message: string } } {
  const out: ContextText = { strings: [], queries: [], jobIdLike: [] };
  const stack: { value: unknown; path: string; depth: number; key: string }[] = [
    { value: root, path: 'data.alertContext', depth: 0, key: '' },
  ];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, path, depth, key } = next;
    if (depth > MAX_ALERT_DEPTH)
      return { error: { field: 'data.alertContext', message: `is nested deeper than ${MAX_ALERT_DEPTH} levels` } };
    if (typeof value === 'string') {
      out.strings.push(value);
      if (/^searchquery$/i.test(key)) out.queries.push(value);
      for (const m of value.matchAll(JOB_ID_LIKE)) out.jobIdLike.push({ path, text: m[0] });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: `${path}[${i}]`, depth: depth + 1, key }));
    } else if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: `${path}.${k}`, depth: depth + 1, key: k });
    }
  }
  // The stack pops last-pushed first; the first offender named should be the first in the document.
  out.jobIdLike.reverse();
  return out;
}

/**
 * A backup job failure alert: Azure Backup's built-in Backup/Restore Failure alerts (their context is not documented
 * for AKS, so the rule, description or context must say so or name a job), or a log search alert whose query reads
 * AddonAzureBackupJobs. Otherwise the reason it is ignored, for the 202 and the log.
 */
function jobFailureKind(
  text: (name: string) => string | undefined,
  strings: readonly string[],
  queries: readonly string[],
  namesJob: boolean,
): { readonly kind: 'built-in' | 'log' } | { readonly ignored: string } {
  const service = text('monitoringService');
  const rule = text('alertRule') ?? '(no rule name)';
  if (service === undefined)
    return { ignored: 'no data.essentials.monitoringService: not an alert from Azure Backup or a log search alert' };
  if (/^azure backup$/i.test(service)) {
    const said = [text('alertRule'), text('description'), ...strings].some((s) => s !== undefined && BUILT_IN_JOB_FAILURE.test(s));
    if (said || namesJob) return { kind: 'built-in' };
    return { ignored: `Azure Backup alert "${rule}" is not a backup or restore job failure (security and health alerts are not acted on)` };
  }
  if (/^(log alerts v2|log analytics)$/i.test(service)) {
    if (queries.some((q) => BACKUP_JOBS_TABLE.test(q))) return { kind: 'log' };
    return { ignored: `log alert "${rule}" does not query AddonAzureBackupJobs` };
  }
  return {
    ignored: `${service} alert "${rule}" (signal ${text('signalType') ?? 'unknown'}) is not a backup job failure; only Azure Backup's job failure alerts and log alerts over AddonAzureBackupJobs are acted on`,
  };
}

/**
 * Whether a job belongs to one of the alert's targets: its subscription, resource group, vault, the instance itself,
 * or the protected cluster (`datasourceId`, as ARM reports it on the job).
 */
export function jobMatchesTargets(
  job: { readonly id: string; readonly instanceId: string; readonly datasourceId?: string | null | undefined },
  targets: readonly string[],
): boolean {
  const ids = [job.id, job.instanceId, ...(job.datasourceId ? [job.datasourceId] : [])].map((id) => id.toLowerCase());
  return targets.some((t) => {
    const target = t.toLowerCase().replace(/\/+$/, '');
    return ids.some((id) => id === target || id.startsWith(`${target}/`));
  });
}
