// An Azure Monitor alert in the common alert schema (the built-in Backup job-failure alerts, routed by an action
// group), checked field by field. Pure: the HTTP layer turns an error into a 400 naming the field. The alert is only
// a trigger to look: which job failed is read from Azure afterwards, so every detector reports the same facts.

export interface AlertFacts {
  readonly alertId: string;
  readonly alertRule: string;
  readonly monitorCondition: 'Fired' | 'Resolved';
  readonly firedAt: Date;
  /** ARM ids the alert is about (backup vaults or instances), all in watched subscriptions. */
  readonly targets: readonly string[];
  /** Backup job ARM ids named anywhere in alertContext (its backup fields are not documented for AKS). */
  readonly jobIds: readonly string[];
}

export type AlertParse = { readonly value: AlertFacts } | { readonly error: { readonly field: string; readonly message: string } };

const SUBSCRIPTION = /^\/subscriptions\/([^/?#]+)\//i;
const JOB_ID =
  /\/subscriptions\/[^/\s"]+\/resourceGroups\/[^/\s"]+\/providers\/Microsoft\.DataProtection\/backupVaults\/[^/\s"]+\/backupJobs\/[^/\s"?#]+/gi;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (field: string, message: string): AlertParse => ({ error: { field, message } });

export function parseCommonAlert(body: unknown, watchedSubscriptions: readonly string[]): AlertParse {
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
  const fired = Date.parse(text('firedDateTime') ?? '');
  if (Number.isNaN(fired)) return fail('data.essentials.firedDateTime', 'required, an RFC 3339 timestamp');
  const targets: unknown = essentials.alertTargetIDs;
  if (!Array.isArray(targets) || targets.length === 0)
    return fail('data.essentials.alertTargetIDs', 'required, a non-empty array of ARM ids');
  const watched = new Set(watchedSubscriptions.map((s) => s.toLowerCase()));
  const ids: string[] = [];
  for (const [i, t] of (targets as unknown[]).entries()) {
    const sub = typeof t === 'string' ? SUBSCRIPTION.exec(t)?.[1] : undefined;
    if (typeof t !== 'string' || !sub) return fail(`data.essentials.alertTargetIDs[${i}]`, 'must be an ARM id (/subscriptions/…)');
    if (!watched.has(sub.toLowerCase())) {
      return fail(`data.essentials.alertTargetIDs[${i}]`, `subscription ${sub} is not watched (AZURE_SUBSCRIPTION_IDS)`);
    }
    ids.push(t);
  }
  const context = JSON.stringify(body.data.alertContext ?? null);
  const named = [...new Set([...context.matchAll(JOB_ID)].map((m) => m[0]))];
  const jobIds = named.filter((id) => watched.has(SUBSCRIPTION.exec(id)?.[1]?.toLowerCase() ?? ''));
  return {
    value: { alertId, alertRule: text('alertRule') ?? '', monitorCondition: condition, firedAt: new Date(fired), targets: ids, jobIds },
  };
}

/** Whether a job belongs to one of the alert's targets (the vault, or the instance itself). */
export function jobMatchesTargets(job: { readonly id: string; readonly instanceId: string }, targets: readonly string[]): boolean {
  const ids = [job.id.toLowerCase(), job.instanceId.toLowerCase()];
  return targets.some((t) => {
    const target = t.toLowerCase().replace(/\/+$/, '');
    return ids.some((id) => id === target || id.startsWith(`${target}/`));
  });
}
