// What happened, folded into the next record. Failures before anything was created end the drill at once; from
// `preparing` on, a failure goes through `cleaning` first, so nothing a drill created outlives it. Transient
// errors (throttling, 5xx, timeouts) are counted per stage and fail the drill there once the budget is spent.
import type { CheckResult, DrillRecord, DrillStage, NamespaceMapping } from './record.js';
import type { DrillLimits } from './transition.js';

export type DrillOutcome =
  | {
      readonly kind: 'planned';
      readonly recoveryPointId: string;
      readonly namespaces: readonly NamespaceMapping[];
      readonly restore?: DrillRecord['restore'];
      readonly expectedWorkloads?: number;
    }
  | { readonly kind: 'validated' }
  | { readonly kind: 'namespaces-created' }
  | { readonly kind: 'intent-recorded' }
  | { readonly kind: 'restore-triggered'; readonly jobId: string }
  | { readonly kind: 'job-found'; readonly jobId: string; readonly startedAt: Date | undefined }
  | { readonly kind: 'job-not-found' }
  | { readonly kind: 'job-running' }
  | { readonly kind: 'job-succeeded'; readonly endedAt: Date | undefined }
  | { readonly kind: 'not-ready'; readonly detail: string }
  | { readonly kind: 'verified'; readonly checks: readonly CheckResult[]; readonly pvcsBoundAt: Date; readonly podsReadyAt: Date }
  | { readonly kind: 'namespaces-gone' }
  | { readonly kind: 'still-terminating'; readonly detail: string }
  /** A definite failure of the current stage (refused validation, failed job, broken isolation, failed checks, time-out). */
  | { readonly kind: 'failed'; readonly reason: string; readonly checks?: readonly CheckResult[] }
  | { readonly kind: 'transient'; readonly error: string };

type Patch = Partial<Omit<DrillRecord, 'version' | 'id' | 'stage' | 'stages'>>;

export function applyOutcome(r: DrillRecord, o: DrillOutcome, now: Date, limits: DrillLimits): DrillRecord {
  const at = now.toISOString();
  switch (o.kind) {
    case 'planned':
      return enter(r, 'validating', now, {
        recoveryPointId: o.recoveryPointId,
        namespaces: o.namespaces,
        ...(o.restore ? { restore: o.restore } : {}),
        ...(o.expectedWorkloads !== undefined ? { expectedWorkloads: o.expectedWorkloads } : {}),
      });
    case 'validated':
      return enter(r, 'preparing', now);
    case 'namespaces-created':
      return enter(r, 'restoring', now);
    case 'intent-recorded': {
      const requests = (r.restoreRequests ?? 0) + 1;
      return touch(r, now, { restoreRequests: requests, restoreIntent: { attempt: requests, at } });
    }
    case 'restore-triggered':
      return touch(r, now, { restoreJobId: o.jobId, restoreTriggeredAt: at, attempts: 0 });
    case 'job-found':
      return touch(r, now, {
        restoreJobId: o.jobId,
        restoreTriggeredAt: (o.startedAt ?? new Date(r.restoreIntent?.at ?? at)).toISOString(),
      });
    case 'job-not-found':
      return jobNotFound(r, now, limits);
    case 'job-running':
      return touch(r, now, { attempts: 0 });
    case 'job-succeeded':
      return enter(r, 'verifying', now, { restoreJobEndedAt: (o.endedAt ?? now).toISOString() });
    case 'not-ready':
      return touch(r, now, { lastError: o.detail });
    case 'verified': {
      const start = Date.parse(r.restoreTriggeredAt ?? at);
      return enter(r, 'cleaning', now, {
        checks: o.checks,
        pvcsBoundAt: o.pvcsBoundAt.toISOString(),
        podsReadyAt: o.podsReadyAt.toISOString(),
        verifiedAt: at,
        rtoMs: Math.max(0, now.getTime() - start),
      });
    }
    case 'namespaces-gone':
      return enter(r, r.failure ? 'failed' : 'passed', now, { cleanup: { status: 'done' } });
    case 'still-terminating':
      return touch(r, now, { lastError: o.detail });
    case 'failed':
      return fail(r, o.reason, now, o.checks);
    case 'transient': {
      const attempts = r.attempts + 1;
      if (attempts >= limits.maxAttempts) return fail(r, `${o.error} (${attempts} attempts)`, now);
      return touch(r, now, { attempts, lastError: o.error });
    }
  }
}

function jobNotFound(r: DrillRecord, now: Date, limits: DrillLimits): DrillRecord {
  const sentAt = Date.parse(r.restoreIntent?.at ?? now.toISOString());
  if (now.getTime() - sentAt < limits.jobVisibilityMs) return touch(r, now, { lastError: 'restore job not visible yet' });
  if ((r.restoreRequests ?? 0) >= limits.maxRestoreRequests) {
    return fail(r, `no restore job appeared after ${r.restoreRequests ?? 0} request(s)`, now);
  }
  // Proven lost: Azure shows no job for the request long after it would. Only now may another go out.
  return touch(r, now, { restoreIntent: undefined, lastError: 'restore request lost; sending again' });
}

function fail(r: DrillRecord, reason: string, now: Date, checks?: readonly CheckResult[]): DrillRecord {
  const withChecks: Patch = checks ? { checks } : {};
  if (r.stage === 'cleaning') {
    // Cleanup itself failed: the verdict stands, the sweeper takes what is left.
    return enter(r, r.failure ? 'failed' : 'passed', now, { cleanup: { status: 'failed', reason } });
  }
  const failure = { stage: r.stage, reason };
  const created = r.stage === 'preparing' || r.stage === 'restoring' || r.stage === 'verifying';
  return enter(r, created ? 'cleaning' : 'failed', now, { ...withChecks, failure });
}

function enter(r: DrillRecord, stage: DrillStage, now: Date, patch: Patch = {}): DrillRecord {
  const at = now.toISOString();
  const current = r.stages[r.stage];
  const stages = { ...r.stages, ...(current ? { [r.stage]: { ...current, endedAt: at } } : {}), [stage]: { startedAt: at } };
  const { lastError: _dropped, ...rest } = r;
  return { ...rest, ...patch, stage, stages, attempts: 0, updatedAt: at };
}

function touch(r: DrillRecord, now: Date, patch: Patch): DrillRecord {
  const next: DrillRecord = { ...r, ...patch, updatedAt: now.toISOString() };
  if (patch.restoreIntent === undefined && 'restoreIntent' in patch) {
    const { restoreIntent: _gone, ...rest } = next;
    return rest;
  }
  return next;
}
