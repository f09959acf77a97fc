// The follow-up timer of remediation (rerunFollowTimer): follows every triggered re-run to its end and publishes
// Autopilot.Rerun.Succeeded / .Failed; a failed re-run becomes the instance's next failure (re-run again within the
// budget and backoff, or Exhausted / Escalated). It also picks up records whose claim expired — a handler that died,
// or a deferral (backoff, a start that failed) that is due — so recovery never waits for an Event Grid redelivery.
//
// Publish first, then record `finished`: a crash in between publishes the same event (same id) again next tick.
import type { Clock } from '../../clock.js';
import { endedBadly, endedWell } from '../../domain/azureWords.js';
import { decideClaim, markFinished } from '../../domain/remediation/claim.js';
import { parseRecord, RECORD_PREFIX, type RemediationRecord } from '../../domain/remediation/record.js';
import { ConcurrencyError, type BackupRerunner, type EventPublisher, type StateStore } from '../ports.js';
import type { RemediationResult, Remediator } from './remediation.js';
import { failedJobOf, rerunEvent } from './remediationEvents.js';

export interface RerunFollowerDeps {
  readonly store: StateStore;
  readonly publisher: EventPublisher;
  readonly rerunner: BackupRerunner;
  readonly remediator: Remediator;
  readonly clock: Clock;
  readonly followTimeoutMs: number;
}

export interface FollowStep {
  readonly failedJobId: string;
  readonly rerunJobId?: string;
  /** succeeded | failed | timed-out | running | reclaimed | error */
  readonly step: string;
  readonly next?: RemediationResult;
  readonly error?: string;
}

export class RerunFollower {
  constructor(private readonly deps: RerunFollowerDeps) {}

  async run(): Promise<FollowStep[]> {
    const steps: FollowStep[] = [];
    for (const key of await this.deps.store.list(RECORD_PREFIX)) {
      // One record that cannot be handled now (Azure or storage down after the SDK's retries) must not hold up the
      // others: it is reported and stays as it is for the next tick.
      try {
        const step = await this.step(key);
        if (step) steps.push(step);
      } catch (e) {
        steps.push({ failedJobId: key, step: 'error', error: e instanceof Error ? e.message : String(e) });
      }
    }
    return steps;
  }

  private async step(key: string): Promise<FollowStep | undefined> {
    const doc = await this.deps.store.read(key);
    const record = doc && parseRecord(doc.value);
    if (!doc || !record) return undefined;
    const decision = decideClaim(record.claim, this.deps.clock.now());
    if (decision.kind === 'follow') return this.follow(key, doc.etag, record, decision.jobId);
    if (decision.kind !== 'reclaim') return undefined;
    return { failedJobId: record.failure.jobId, step: 'reclaimed', next: await this.deps.remediator.remediate(record.failure) };
  }

  private async follow(key: string, etag: string, record: RemediationRecord, rerunJobId: string): Promise<FollowStep | undefined> {
    const f = record.failure;
    const now = this.deps.clock.now();
    const job = await this.deps.rerunner.job(rerunJobId);
    const status = job?.status ?? 'NotFound';
    const base = { failedJobId: f.jobId, rerunJobId };
    const rerun = { jobId: rerunJobId, attempt: record.attempt ?? 1, budget: record.budget ?? 0 };
    let type: 'Autopilot.Rerun.Succeeded' | 'Autopilot.Rerun.Failed';
    let error: { errorCode: string | null; errorMessage: string | null } = { errorCode: null, errorMessage: null };
    if (endedWell(status)) type = 'Autopilot.Rerun.Succeeded';
    else if (endedBadly(status)) {
      type = 'Autopilot.Rerun.Failed';
      error = { errorCode: job?.errorCode ?? status, errorMessage: job?.errorMessage ?? null };
    } else {
      const since = record.claim.status === 'triggered' ? Date.parse(record.claim.triggeredAt) : now.getTime();
      if (now.getTime() - since < this.deps.followTimeoutMs) return { ...base, step: 'running' };
      type = 'Autopilot.Rerun.Failed';
      const waited = Math.round((now.getTime() - since) / 60_000);
      error = { errorCode: `Rerun${status}`, errorMessage: `the re-run is still ${status} after ${waited} min; no longer followed` };
    }
    await this.deps.publisher.publish([rerunEvent(type, f, { ...rerun, ...error }, now)]);
    const outcome = type === 'Autopilot.Rerun.Succeeded' ? 'rerun-succeeded' : 'rerun-failed';
    try {
      await this.deps.store.replace(key, { ...record, claim: markFinished(outcome, error.errorMessage ?? status, now, rerunJobId) }, etag);
    } catch (e) {
      // Another tick finished it first (and published the same event id): nothing left to do.
      if (e instanceof ConcurrencyError) return undefined;
      throw e;
    }
    if (outcome === 'rerun-succeeded') return { ...base, step: 'succeeded' };
    if (!job || !endedBadly(status)) return { ...base, step: 'timed-out' };
    // The failed re-run is the instance's next failure: the same policy decides again (budget, backoff, table).
    return { ...base, step: 'failed', next: await this.deps.remediator.remediate(failedJobOf(job, f)) };
  }
}
