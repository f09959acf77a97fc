// Re-running failed scheduled backups, exactly once in effect under Event Grid's at-least-once, unordered delivery.
//
//   JobFailed ─► claim the failed job's record (create If-None-Match:* / reclaim If-Match an expired one)
//     ─► classify the error (failure table) ─► instance protected? ─► a backup in flight or a newer success? (skip)
//     ─► reserve a re-run in the instance's ledger (budget, backoff; one conditional write)
//     ─► POST backup (LRO) ─► record `triggered` with the new job ─► rerunFollowTimer follows it to its end
//
// Nothing is decided twice: a duplicate delivery finds the record claimed, triggered or finished and does nothing.
// A handler that dies after claiming leaves a claim that expires; whoever reclaims it (the follow timer or a
// redelivery) first adopts an on-demand job started since the old claim, so a POST that went through is never
// repeated, and re-uses the old reservation, so the budget is never counted twice. Deferrals (backoff, a start
// that failed midway) are claims that expire when the record should be looked at again.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { endedWell, isRunning } from '../../domain/azureWords.js';
import type { BudgetPolicy } from '../../domain/remediation/budget.js';
import { decideClaim, markFinished, markTriggered, newClaim, type ClaimOutcome } from '../../domain/remediation/claim.js';
import { classifyFailure } from '../../domain/remediation/failureClass.js';
import { jobKey, parseRecord, recordKey, type FailedJob, type RemediationRecord } from '../../domain/remediation/record.js';
import type { AutopilotCloudEvent } from '../../events/cloudEvent.js';
import { ConcurrencyError, RerunStartError, type BackupRerunner, type EventPublisher, type JobFeed, type StateStore } from '../ports.js';
import { stopEvent } from './remediationEvents.js';
import { verifyFailure } from './verifyFailure.js';
import { RerunLedger } from './remediationLedger.js';

export interface RemediationPolicy {
  readonly budget: BudgetPolicy;
  readonly claimExpiryMs: number;
  readonly followTimeoutMs: number;
}

export interface RemediatorDeps {
  readonly store: StateStore;
  readonly publisher: EventPublisher;
  readonly feed: JobFeed;
  readonly rerunner: BackupRerunner;
  readonly clock: Clock;
  readonly policy: RemediationPolicy;
}

export type RemediationOutcome =
  'triggered' | 'adopted' | 'escalated' | 'exhausted' | 'skipped' | 'deferred' | 'duplicate' | 'following' | 'busy' | 'refused';

export interface RemediationResult {
  readonly outcome: RemediationOutcome;
  readonly reason: string;
  readonly failedJobId: string;
  readonly rerunJobId?: string;
}

/** Read-decide-write rounds on one record: each lost round means another handler made progress. */
const ROUNDS = 3;

interface Claimed {
  readonly key: string;
  etag: string;
  record: RemediationRecord;
  /** When the claim this one replaced was taken (a reclaim): look for a job started since. */
  readonly since: Date | undefined;
}

export class Remediator {
  readonly ledger: RerunLedger;

  constructor(private readonly deps: RemediatorDeps) {
    this.ledger = new RerunLedger(deps.store, deps.policy.budget);
  }

  /**
   * A JobFailed event: scheduled backups go to the re-run policy; anything else is skipped with the reason. The event
   * is only a claim: what is acted on is the job re-read from ARM (verifyFailure), and an event ARM does not back is
   * refused. Its own claims may only make us do less, so a restore or on-demand claim is skipped without a read.
   */
  async onJobFailed(event: AutopilotCloudEvent<'Autopilot.Backup.JobFailed'>): Promise<RemediationResult> {
    const skip = (what: { operation: string; trigger: string }, jobId: string): RemediationResult | undefined => {
      const reason =
        what.operation !== 'Backup'
          ? 'a failed restore is not re-run: a person decides about restores'
          : what.trigger === 'adhoc'
            ? 'an on-demand job: a failed re-run is followed by rerunFollowTimer, a person’s own is theirs'
            : undefined;
      return reason === undefined ? undefined : { outcome: 'skipped', reason, failedJobId: jobId };
    };
    const claimed = skip(event.data, event.data.jobId);
    if (claimed) return claimed;
    const verified = await verifyFailure(event, this.deps.rerunner);
    if ('refused' in verified)
      return { outcome: 'refused', reason: `event not backed by ARM: ${verified.refused}`, failedJobId: event.data.jobId };
    return skip(verified.job, verified.job.id) ?? this.remediate(verified.failure);
  }

  /** Claims the failed job's record and acts on it, or says why someone else already has. */
  async remediate(failure: FailedJob): Promise<RemediationResult> {
    const key = recordKey(failure.jobId);
    for (let round = 1; round <= ROUNDS; round++) {
      const now = this.deps.clock.now();
      const doc = await this.deps.store.read(key);
      const record = doc ? parseRecord(doc.value) : undefined;
      const decision = decideClaim(record?.claim, now);
      const result = (outcome: RemediationOutcome, reason: string) => ({ outcome, reason, failedJobId: failure.jobId });
      if (decision.kind === 'done') return result('duplicate', `already handled (${decision.outcome})`);
      if (decision.kind === 'follow') return { ...result('following', 'its re-run is being followed'), rerunJobId: decision.jobId };
      if (decision.kind === 'busy') return result('busy', `claimed by another run until ${decision.until.toISOString()}`);
      const next: RemediationRecord = {
        ...record,
        failure: record?.failure ?? failure,
        claim: newClaim(randomUUID(), now, this.deps.policy.claimExpiryMs),
      };
      try {
        const etag = doc ? await this.deps.store.replace(key, next, doc.etag) : await this.deps.store.create(key, next);
        return await this.act({ key, etag, record: next, since: decision.kind === 'reclaim' ? decision.since : undefined });
      } catch (e) {
        if (!(e instanceof ConcurrencyError) || e.key !== key) throw e;
      }
    }
    return { outcome: 'busy', reason: 'other runs kept changing the record; the last one decides', failedJobId: failure.jobId };
  }

  private async act(c: Claimed): Promise<RemediationResult> {
    const f = c.record.failure;
    const now = this.deps.clock.now();
    const cls = classifyFailure({
      code: f.errorCode ?? undefined,
      isRetryable: f.isRetryable ?? undefined,
      isUserError: f.isUserError ?? undefined,
    });
    if (cls.action === 'escalate') return this.escalate(c, cls.rule, cls.why);
    if (cls.action === 'wait') return this.finish(c, 'skipped', cls.why);
    const instance = await this.deps.rerunner.instance(f.instanceId);
    if (!instance) return this.finish(c, 'skipped', 'the backup instance no longer exists');
    if (instance.protectionState !== 'ProtectionConfigured') {
      return this.escalate(
        c,
        'not-protected',
        `protection state is ${instance.protectionState ?? 'unknown'}: the instance takes no backups`,
      );
    }
    const failedAt = Date.parse(f.startTime ?? '') || now.getTime() - 86_400_000;
    const jobs = await this.deps.feed.recentJobs(f.instanceId, new Date(Math.min(failedAt, c.since?.getTime() ?? Infinity)));
    if (c.since) {
      const ours = await this.ledger.othersRerunJobIds(f.instanceId, jobKey(f.jobId));
      const since = c.since.getTime();
      const started = jobs.find((j) => j.trigger === 'adhoc' && (j.startTime?.getTime() ?? 0) >= since && !ours.has(j.id.toLowerCase()));
      if (started) return this.triggered(c, started.id, 'adopted', 'a crashed run had started it');
    }
    const running = jobs.find((j) => isRunning(j.status));
    if (running) return this.finish(c, 'skipped', `backup job ${jobKey(running.id)} is in flight; its own outcome decides`);
    const newer = jobs.find((j) => endedWell(j.status) && (j.startTime?.getTime() ?? 0) > failedAt);
    if (newer) return this.finish(c, 'skipped', `a newer backup (job ${jobKey(newer.id)}) completed: nothing to re-run`);

    const budget = await this.ledger.reserve(f.instanceId, jobKey(f.jobId), now);
    if (budget.kind === 'exhausted') {
      const why = `${budget.used} of ${budget.budget} re-runs used today; the backup still fails`;
      await this.deps.publisher.publish([
        stopEvent(
          'Autopilot.Remediation.Exhausted',
          f,
          { rule: 'budget', why, used: budget.used, budget: budget.budget, resetsAt: budget.resetsAt },
          now,
        ),
      ]);
      return this.finish(c, 'skipped', `budget exhausted: ${why}`, 'exhausted');
    }
    if (budget.kind === 'backoff') return this.defer(c, budget.until, `backing off before attempt ${budget.attempt}`);
    c.record = { ...c.record, attempt: budget.attempt, budget: this.deps.policy.budget.perDay };
    return this.start(c, instance.policyId);
  }

  private async start(c: Claimed, policyId: string): Promise<RemediationResult> {
    const f = c.record.failure;
    const failedJob = jobKey(f.jobId);
    try {
      const options = await this.deps.rerunner.rerunOptions(policyId);
      const jobId = await this.deps.rerunner.startBackup(f.instanceId, options);
      return await this.triggered(c, jobId, 'triggered', `attempt ${c.record.attempt ?? '?'} of ${c.record.budget ?? '?'} today`);
    } catch (e) {
      if (e instanceof ConcurrencyError) throw e;
      if (e instanceof RerunStartError && e.refused) {
        // Azure refused: nothing ran, so the reservation is given back.
        await this.ledger.settle(f.instanceId, failedJob, null);
        const cls = classifyFailure({ code: e.code });
        if (cls.action === 'escalate') return this.escalate(c, cls.rule, `${cls.why} (${e.message})`);
        if (cls.action === 'wait') return this.finish(c, 'skipped', `Azure refused the re-run: ${e.message}`);
      } else {
        // It may have started (an LRO that failed after the POST was accepted): counted, and looked for on reclaim.
        await this.ledger.settle(f.instanceId, failedJob, { state: 'unknown' });
      }
      const retryAt = new Date(this.deps.clock.now().getTime() + this.deps.policy.budget.backoffBaseMs);
      return this.defer(c, retryAt, `the re-run could not be started (${(e as Error).message}); retried after ${retryAt.toISOString()}`);
    }
  }

  private async triggered(c: Claimed, jobId: string, outcome: 'triggered' | 'adopted', why: string): Promise<RemediationResult> {
    const f = c.record.failure;
    await this.ledger.settle(f.instanceId, jobKey(f.jobId), { state: 'started', rerunJobId: jobId });
    const claim = c.record.claim.status === 'claimed' ? c.record.claim : newClaim('adopted', this.deps.clock.now(), 0);
    await this.write(c, { ...c.record, claim: markTriggered(claim, jobId, this.deps.clock.now()) });
    return { outcome, reason: `re-run ${jobKey(jobId)} started: ${why}`, failedJobId: f.jobId, rerunJobId: jobId };
  }

  private async escalate(c: Claimed, rule: string, why: string): Promise<RemediationResult> {
    const f = c.record.failure;
    const now = this.deps.clock.now();
    const used = await this.ledger.usedToday(f.instanceId, now);
    const stop = { rule, why, used, budget: this.deps.policy.budget.perDay, resetsAt: null };
    await this.deps.publisher.publish([stopEvent('Autopilot.Remediation.Escalated', f, stop, now)]);
    return this.finish(c, 'escalated', `escalated (${rule}): ${why}`, 'escalated');
  }

  private async finish(c: Claimed, outcome: ClaimOutcome, reason: string, as?: RemediationOutcome): Promise<RemediationResult> {
    await this.write(c, { ...c.record, claim: markFinished(outcome, reason, this.deps.clock.now()) });
    return { outcome: as ?? (outcome === 'escalated' ? 'escalated' : 'skipped'), reason, failedJobId: c.record.failure.jobId };
  }

  /** Keeps the claim until `until`: then a later run (rerunFollowTimer) reclaims the record and decides again. */
  private async defer(c: Claimed, until: Date, reason: string): Promise<RemediationResult> {
    const claim = c.record.claim;
    if (claim.status === 'claimed') await this.write(c, { ...c.record, claim: { ...claim, expiresAt: until.toISOString() } });
    return { outcome: 'deferred', reason, failedJobId: c.record.failure.jobId };
  }

  /** A conditional write on our own claim; losing it means our claim expired and another run took over. */
  private async write(c: Claimed, next: RemediationRecord): Promise<void> {
    c.etag = await this.deps.store.replace(c.key, next, c.etag);
    c.record = next;
  }
}
