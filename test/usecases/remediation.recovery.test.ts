// Remediation's recovery on the fakes: a process that dies between two writes (MemoryStateStore.beforeWrite throws, so
// the write never lands), an on-demand backup whose LRO fails after Azure accepted it, and refusals. Whatever dies
// when, a failure is re-run at most once and the budget counts it once.
import { describe, expect, it } from 'vitest';
import { ledgerKey } from '../../shared/domain/remediation/record.js';
import { MINUTE } from '../support/fakes/index.js';
import { remediationWorld } from './remediationWorld.js';

const TRANSIENT = 'UserErrorKubernetesApiServerUnreachable';
const died = new Error('the process died (test)');

/**
 * The process dies right before the `nth` write (1-based) to keys starting with `prefix`: that write and every later
 * one fail, so no clean-up of the dying run lands. A test revives the store by clearing `beforeWrite`.
 */
function dieBefore(w: ReturnType<typeof remediationWorld>, prefix: string, nth = 1): void {
  let seen = 0;
  let dead = false;
  w.store.beforeWrite = (key) => {
    if (key.startsWith(prefix) && ++seen === nth) dead = true;
    if (dead) throw died;
  };
}

describe('Remediator: crashes', () => {
  it('dies between claim and start: the claim expires, a redelivery re-runs once, the budget counts once', async () => {
    const w = remediationWorld();
    const event = w.failure('prod-weu-payments', 'job-1', TRANSIENT);
    dieBefore(w, 'remediation/budgets/');
    await expect(w.a.remediator.onJobFailed(event)).rejects.toBe(died);
    w.store.beforeWrite = undefined;
    expect(w.rerunner.starts).toEqual([]);
    expect(w.record(event.data.jobId)?.claim.status).toBe('claimed');
    // Event Grid redelivers at once: the dead handler's claim still holds.
    expect(await w.b.remediator.onJobFailed(event)).toMatchObject({ outcome: 'busy' });
    w.clock.advance(11 * MINUTE);
    expect(await w.b.remediator.onJobFailed(event)).toMatchObject({ outcome: 'triggered' });
    expect(w.rerunner.starts).toHaveLength(1);
    expect(w.ledger('prod-weu-payments').entries).toMatchObject([{ state: 'started' }]);
    expect((await w.a.follower.run()).map((s) => s.step)).toEqual(['running']);
  });

  it('dies after the POST: the follow timer reclaims and adopts the job the dead run started instead of starting another', async () => {
    const w = remediationWorld();
    const event = w.failure('prod-weu-orders', 'job-2', TRANSIENT);
    // Write 1 of the ledger is the reservation; write 2 records the started job, after startBackup returned.
    dieBefore(w, ledgerKey(event.subject), 2);
    await expect(w.a.remediator.onJobFailed(event)).rejects.toBe(died);
    w.store.beforeWrite = undefined;
    const [started] = w.rerunner.jobsStarted(event.subject);
    expect(started).toBeDefined();
    expect(w.ledger('prod-weu-orders').entries).toMatchObject([{ state: 'reserved' }]);
    expect(await w.b.follower.run()).toEqual([]); // the claim has not expired yet: nothing to do
    w.clock.advance(11 * MINUTE);
    const [step] = await w.b.follower.run();
    expect(step).toMatchObject({ step: 'reclaimed', next: { outcome: 'adopted', rerunJobId: started } });
    expect(w.rerunner.starts).toHaveLength(1);
    expect(w.ledger('prod-weu-orders').entries).toMatchObject([{ state: 'started', rerunJobId: started }]);
    expect(w.record(event.data.jobId)?.claim).toMatchObject({ status: 'triggered', jobId: started });
  });

  it('does not adopt the re-run of another failure of the same instance', async () => {
    const w = remediationWorld();
    const first = w.failure('prod-weu-shop', 'job-3', TRANSIENT);
    dieBefore(w, 'remediation/budgets/');
    await expect(w.a.remediator.onJobFailed(first)).rejects.toBe(died);
    w.store.beforeWrite = undefined;
    // Meanwhile another failure of the instance is re-run by a healthy handler, after the backoff.
    w.clock.advance(16 * MINUTE);
    const second = w.failure('prod-weu-shop', 'job-4', TRANSIENT);
    const other = await w.b.remediator.onJobFailed(second);
    expect(other.outcome).toBe('triggered');
    w.rerunner.finish(other.rerunJobId!, 'Completed');
    const [reclaimed] = (await w.a.follower.run()).filter((s) => s.step === 'reclaimed');
    // Its own re-run is not the dead run's job; and the newer success makes a re-run pointless.
    expect(reclaimed?.next).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/newer backup/) as unknown });
    expect(w.rerunner.starts).toHaveLength(1);
  });
});

describe('Remediator: Azure refuses or fails the start', () => {
  it('an LRO that fails after the job started is deferred, then adopted on the next look; budget counted once', async () => {
    const w = remediationWorld();
    const event = w.failure('prod-weu-catalog', 'job-5', TRANSIENT);
    w.rerunner.outcomes.push({ kind: 'lost' });
    expect(await w.a.remediator.onJobFailed(event)).toMatchObject({ outcome: 'deferred' });
    expect(w.ledger('prod-weu-catalog').entries).toMatchObject([{ state: 'unknown' }]);
    // Deferred for the backoff base (PT15M), beyond the claim's own expiry (PT10M): not looked at before then.
    w.clock.advance(11 * MINUTE);
    expect(await w.a.follower.run()).toEqual([]);
    expect(await w.b.remediator.onJobFailed(event)).toMatchObject({ outcome: 'busy' });
    w.clock.advance(4 * MINUTE);
    const [step] = await w.a.follower.run();
    const [jobId] = w.rerunner.jobsStarted(event.subject);
    expect(step).toMatchObject({ step: 'reclaimed', next: { outcome: 'adopted', rerunJobId: jobId } });
    expect(w.rerunner.starts).toHaveLength(1);
    expect(w.ledger('prod-weu-catalog').entries).toMatchObject([{ state: 'started', rerunJobId: jobId }]);
  });

  it('a refusal Azure explains (daily cap) gives the reservation back and escalates', async () => {
    const w = remediationWorld();
    const event = w.failure('prod-weu-catalog', 'job-6', TRANSIENT);
    w.rerunner.outcomes.push({ kind: 'refuse', code: 'UserErrorMaxAdhocBackupsPerDayExceeded' });
    expect(await w.a.remediator.onJobFailed(event)).toMatchObject({ outcome: 'escalated' });
    expect(w.ledger('prod-weu-catalog').entries).toEqual([]);
    expect(w.publisher.ofType('Autopilot.Remediation.Escalated')[0]?.data).toMatchObject({
      rule: 'daily-cap',
      used: 0,
      why: expect.stringMatching(/refused \(test\)/) as unknown,
    });
  });

  it('a refusal because another operation is running is skipped, the reservation given back', async () => {
    const w = remediationWorld();
    const event = w.failure('prod-weu-catalog', 'job-7', TRANSIENT);
    w.rerunner.outcomes.push({ kind: 'refuse', code: 'UserErrorBackupOperationInProgress' });
    expect(await w.a.remediator.onJobFailed(event)).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(/Azure refused/) as unknown,
    });
    expect(w.ledger('prod-weu-catalog').entries).toEqual([]);
  });

  it('a start that never reached Azure is counted (its fate is unknown) and retried after the backoff', async () => {
    const w = remediationWorld();
    const event = w.failure('prod-weu-catalog', 'job-8', TRANSIENT);
    w.rerunner.outcomes.push({ kind: 'unreachable' });
    expect(await w.a.remediator.onJobFailed(event)).toMatchObject({
      outcome: 'deferred',
      reason: expect.stringMatching(/ECONNREFUSED/) as unknown,
    });
    expect(await w.a.follower.run()).toEqual([]);
    w.clock.advance(15 * MINUTE);
    // No job of the lost start exists, so nothing is adopted; the lost start still counts as attempt 1.
    expect((await w.a.follower.run())[0]?.next).toMatchObject({
      outcome: 'triggered',
      reason: expect.stringMatching(/attempt 2 of 3/) as unknown,
    });
    expect(w.rerunner.jobsStarted(event.subject)).toHaveLength(1);
    expect(w.ledger('prod-weu-catalog').entries.map((e) => e.state)).toEqual(['unknown', 'started']);
  });
});
