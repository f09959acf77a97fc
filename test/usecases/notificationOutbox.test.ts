// IncidentIntake + NotificationOutbox on the fakes: one incident per problem however often its event is delivered,
// updates and resolution each announced once, failed sends retried after the backoff, nothing lost or doubled
// across a restart. The card and email layouts have their own unit tests; here it is what is sent, when, how often.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOOK_KEY, readBook } from '../../shared/usecases/notify/notifyBook.js';
import { HOUR, MemoryStateStore, MINUTE } from '../support/fakes/index.js';
import { headline, notifyWorld } from './notifyWorld.js';

describe('incidents and the notification outbox', () => {
  it('10 deliveries of one event open one incident: one Teams card at once, one email on the next tick', async () => {
    const w = notifyWorld();
    const event = w.rpo('Autopilot.Rpo.Breached', 'dedup-orders', '2026-11-21T01:00:00.000Z');
    const { intake, outbox } = w.app();
    const results = [];
    for (let i = 0; i < 10; i++) results.push(await intake.handle(event));
    expect(results[0]).toMatchObject({ outcomes: [{ outcome: 'opened' }], queued: 2, teams: { sent: 1 } });
    expect(w.teams.posted.map(headline)).toEqual(['RPO breached — dedup-orders']);
    expect(w.email.sent).toEqual([]); // email waits for the timer, so a burst becomes one digest
    await outbox.tick();
    await outbox.tick();
    expect(w.teams.posted).toHaveLength(1);
    expect(w.email.sent.map((m) => m.subject)).toEqual(['[Backup Autopilot] Error: RPO breached — dedup-orders']);
    const book = await w.book();
    expect(book.incidents).toMatchObject([{ state: 'open', kind: 'rpo' }]);
    expect(book.outbox).toEqual([]);
  });

  it('announces an escalation as an update and a recovery as a resolution, each once', async () => {
    const w = notifyWorld();
    const { intake, outbox } = w.app();
    await intake.handle(w.rpo('Autopilot.Rpo.AtRisk', 'update-pay', '2026-11-21T02:00:00.000Z'));
    await intake.handle(w.rpo('Autopilot.Rpo.Breached', 'update-pay', '2026-11-21T02:00:00.000Z'));
    const recovered = w.rpo('Autopilot.Rpo.Recovered', 'update-pay', '2026-11-21T09:00:00.000Z');
    await intake.handle(recovered);
    await intake.handle(recovered);
    await outbox.tick();
    expect(w.teams.posted.map(headline)).toEqual([
      'RPO at risk — update-pay',
      'Updated: RPO breached — update-pay',
      'Resolved: RPO breached — update-pay',
    ]);
    // Three emails due at once stay single messages: a digest is for more than NOTIFY_EMAIL_DIGEST_THRESHOLD (3).
    expect(w.email.sent.map((m) => m.subject)).toEqual([
      '[Backup Autopilot] Warning: RPO at risk — update-pay',
      '[Backup Autopilot] Error: Updated: RPO breached — update-pay',
      '[Backup Autopilot] Error: Resolved: RPO breached — update-pay',
    ]);
    expect((await w.book()).incidents).toMatchObject([{ state: 'resolved' }]);
  });

  it('a job failure is resolved by the next good job of its instance', async () => {
    const w = notifyWorld();
    const { intake } = w.app();
    await intake.handle(w.jobFailed('resolve-crm', 1));
    const r = await intake.handle(w.jobSucceeded('resolve-crm', 2));
    expect('outcomes' in r && r.outcomes.find((o) => o.kind === 'job-failing')).toMatchObject({ outcome: 'resolved' });
    expect(w.teams.posted.map(headline)).toEqual(['Backup job failing — resolve-crm', 'Resolved: Backup job failing — resolve-crm']);
  });

  it('keeps a Teams message that failed and sends it once after the backoff (NOTIFY_RETRY_BASE, PT1M)', async () => {
    const w = notifyWorld();
    const { intake, outbox } = w.app();
    w.teams.failures.add('Teams webhook …(redacted) answered 503');
    await intake.handle(w.jobFailed('retry-inv', 1));
    expect(w.teams.posted).toEqual([]);
    const [waiting] = (await w.book()).outbox.filter((e) => e.channel === 'teams');
    expect(waiting).toMatchObject({ attempts: 1, claimedBy: null, lastError: 'Teams webhook …(redacted) answered 503' });
    await outbox.tick(); // not due yet
    expect(w.teams.posted).toEqual([]);
    w.clock.advance(MINUTE);
    await outbox.tick();
    await outbox.tick();
    expect(w.teams.posted.map(headline)).toEqual(['Backup job failing — retry-inv']);
    expect((await w.book()).outbox).toEqual([]);
  });

  it('retries a failed email with the same id (the ACS Operation-Id), so the service sends it once', async () => {
    const w = notifyWorld();
    const { intake, outbox } = w.app();
    await intake.handle(w.jobFailed('retry-mail', 1));
    w.email.failures.add('ACS answered 503');
    expect((await outbox.tick()).email.failed).toHaveLength(1);
    const [waiting] = (await w.book()).outbox.filter((e) => e.channel === 'email');
    w.clock.advance(MINUTE);
    expect((await outbox.tick()).email).toMatchObject({ sent: 1, failed: [] });
    expect(w.email.sent.map((m) => m.id)).toEqual([waiting?.id]);
  });

  it('loses and doubles nothing across a restart: a new process sends what was queued, exactly once', async () => {
    const w = notifyWorld();
    w.teams.failures.add('Teams webhook …(redacted) answered 500');
    await w.app().intake.handle(w.jobFailed('restart-ops', 1));
    w.clock.advance(5 * MINUTE);
    await w.app().outbox.tick();
    await w.app().outbox.tick();
    expect(w.teams.about('restart-ops')).toHaveLength(1);
    expect(w.email.about('restart-ops')).toHaveLength(1);
  });

  it('a send that dies after claiming is sent by a later run once the lease (PT5M) lapses', async () => {
    const w = notifyWorld();
    await w.app().intake.handle(w.jobFailed('lease-ops', 1));
    // The email run claims, then dies before its settle write: the claim write lands, the next write does not.
    let writes = 0;
    w.store.beforeWrite = () => {
      if (++writes === 2) throw new Error('the process died (test)');
    };
    await expect(w.app().outbox.drain('email')).rejects.toThrow('the process died');
    w.store.beforeWrite = undefined;
    expect(w.email.sent).toHaveLength(1);
    expect((await w.app().outbox.drain('email')).sent).toBe(0); // still leased to the dead run
    w.clock.advance(5 * MINUTE);
    expect((await w.app().outbox.drain('email')).sent).toBe(1);
    // Sent again with the same id: ACS treats it as the same operation.
    expect(new Set(w.email.sent.map((m) => m.id)).size).toBe(1);
  });

  it('sends many emails due at once as one digest', async () => {
    const w = notifyWorld();
    const names = ['digest-a', 'digest-b', 'digest-c', 'digest-d'];
    const { intake, outbox } = w.app();
    for (const n of names) await intake.handle(w.jobFailed(n, 1));
    await outbox.tick();
    expect(w.email.sent.map((m) => m.subject)).toEqual(['[Backup Autopilot] 4 incident updates (4 open, 0 resolved)']);
    for (const n of names) expect(w.email.sent[0]!.plainText).toContain(n);
  });

  it('records every one of many events handled at once (Event Grid delivers in parallel)', async () => {
    const w = notifyWorld();
    const names = Array.from({ length: 5 }, (_, n) => `parallel-${n}`);
    const { intake } = w.app();
    const results = await Promise.all(names.map((n) => intake.handle(w.jobFailed(n, 1))));
    expect(results.every((r) => 'outcomes' in r && r.outcomes[0]?.outcome === 'opened')).toBe(true);
    expect((await w.book()).incidents).toHaveLength(5);
    for (const n of names) expect(w.teams.about(n)).toHaveLength(1);
  });

  it('reminds about an incident still open after NOTIFY_REMINDER_EVERY (PT24H), once per period', async () => {
    const w = notifyWorld();
    const { intake, outbox } = w.app();
    await intake.handle(w.jobFailed('remind-crm', 1));
    w.clock.advance(23 * HOUR);
    await outbox.tick();
    expect(w.teams.posted).toHaveLength(1);
    w.clock.advance(2 * HOUR);
    expect((await outbox.tick()).reminded).toBe(1);
    await outbox.tick();
    expect(w.teams.posted.map(headline)).toEqual(['Backup job failing — remind-crm', 'Still open: Backup job failing — remind-crm']);
  });

  it('sends a Teams backlog above NOTIFY_TEAMS_DIGEST_THRESHOLD (10) as one summary card', async () => {
    const w = notifyWorld();
    const { intake, outbox } = w.app();
    w.teams.failures.add('Teams webhook …(redacted) answered 503', 11);
    for (let n = 0; n < 11; n++) await intake.handle(w.jobFailed(`backlog-${n}`, 1));
    w.clock.advance(5 * MINUTE);
    await outbox.tick();
    expect(w.teams.posted.map(headline)).toEqual(['11 incident updates (11 open, 0 resolved)']);
    expect((await w.book()).outbox).toEqual([]);
  });

  it('ignores an event about an unwatched subscription and one that opens nothing', async () => {
    const w = notifyWorld();
    const foreign = w.jobFailed('elsewhere', 1);
    const { intake } = w.app();
    expect(
      await intake.handle({ ...foreign, subject: foreign.subject.replace(/subscriptions\/[^/]+/, 'subscriptions/other') }),
    ).toHaveProperty('ignored');
    expect(await intake.handle({ hello: 'world' })).toHaveProperty('ignored');
    expect(w.store.writes).toEqual([]);
  });
});

describe('the notification book as today’s code wrote it', () => {
  it('is read by the state primitive unchanged (fixture captured from the current writer)', async () => {
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/state/notify-incidents.json', import.meta.url), 'utf8')) as Record<
      string,
      unknown
    >;
    const store = new MemoryStateStore();
    await store.create(BOOK_KEY, fixture);
    expect(await readBook(store)).toEqual(fixture);
  });
});
