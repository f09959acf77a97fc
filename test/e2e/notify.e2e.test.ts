// Incidents and notifications end to end: events published to the estate's Event Grid topic (real publisher client)
// are delivered to functions/notifyIncident.ts by the local host; the Teams Workflows and ACS email sinks receive what
// the real clients send; functions/notificationOutboxTimer.ts runs on demand; time moves on the estate's clock.
// What only the wire shows stays here (delivery through the topic, a refused webhook's redacted error, 429 inside one
// send, parallel writers on Azurite, the sinks page). The outbox policy — updates and resolutions, reminders, email
// and Teams digests, restarts, leases — is tested on the fakes of our ports in test/usecases/notificationOutbox.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../sandbox/localStack.js';
import { httpsCall } from '../sandbox/serverHelpers.js';
import { helpers } from './notifySupport.js';

let stack: LocalStack;
const h = helpers(() => stack);

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, timers: 'manual', log: () => undefined });
  // Only the function under test listens: other Event Grid functions would act on these made-up instances.
  for (const s of stack.estate!.control.eventGrid.subscriptions()) {
    if (s.name !== 'notifyIncident') stack.estate!.control.eventGrid.unsubscribe(s.name);
  }
});
afterAll(() => stack?.close());
beforeEach(() => stack.estate!.control.faults.clear());

describe('notifyIncident and notificationOutboxTimer', () => {
  it('10 deliveries of the same event open one incident: one Teams card, then one email on the next tick', async () => {
    const event = h.rpo('Autopilot.Rpo.Breached', 'dedup-orders', '2026-11-20T01:00:00.000Z');
    await h.publish(Array.from({ length: 10 }, () => event));
    await h.tick();
    await h.tick();
    const cards = h.teamsAbout('dedup-orders');
    expect(cards).toHaveLength(1);
    expect(h.headline(cards[0]!)).toBe('RPO breached — dedup-orders');
    expect(h.emailsAbout('dedup-orders')).toHaveLength(1);
    const book = await h.book();
    expect(book.incidents.filter((i) => i.facts.name === 'dedup-orders')).toMatchObject([{ state: 'open', kind: 'rpo' }]);
    expect(book.outbox).toEqual([]);
  });

  it('keeps a message the Teams sink refused and sends it, once, on a later tick after the backoff', async () => {
    const control = stack.estate!.control;
    control.faults.add({ service: 'teams', kind: 'status', status: 503, times: Infinity });
    await h.publish([h.jobFailed('retry-inv', 1)]);
    await h.tick(); // still failing, and not due yet anyway
    expect(h.teamsAbout('retry-inv')).toEqual([]);
    const waiting = (await h.book()).outbox.filter((e) => e.incident.facts.name === 'retry-inv' && e.channel === 'teams');
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ attempts: 1, claimedBy: null });
    expect(waiting[0]!.lastError).toMatch(/Teams webhook https:\/\/127\.0\.0\.1:\d+\/…\(redacted\) answered 503/);

    control.faults.clear();
    await h.tick(); // the backoff (NOTIFY_RETRY_BASE, 1 min) has not passed on the estate clock
    expect(h.teamsAbout('retry-inv')).toEqual([]);
    stack.estate!.model.clock.advance('PT2M');
    await h.tick();
    await h.tick();
    expect(h.teamsAbout('retry-inv')).toHaveLength(1);
    expect((await h.book()).outbox.filter((e) => e.incident.facts.name === 'retry-inv')).toEqual([]);
  });

  it('rides out Teams throttling (429 with Retry-After) inside one send', async () => {
    stack.estate!.control.faults.add({ service: 'teams', kind: 'throttle', times: 2 });
    await h.publish([h.jobFailed('throttle-web', 1)]);
    expect(h.teamsAbout('throttle-web')).toHaveLength(1);
    await h.tick(); // its email, so the next test starts from an empty outbox
  });

  it('shows the received cards rendered on the estate sinks page', async () => {
    const html = (await httpsCall(`${stack.estate!.url}/_estate/sinks`, stack.estate!.ca)).text;
    expect(html).toContain('data-card="');
    expect(html).toContain('<script src="/_estate/sinks/adaptivecards.js"></script>');
    const bundle = await httpsCall(`${stack.estate!.url}/_estate/sinks/adaptivecards.js`, stack.estate!.ca);
    expect(bundle.status).toBe(200);
    expect(bundle.text.length).toBeGreaterThan(100_000);
  });

  it('records every one of many events handled at once (Event Grid delivers in parallel in Azure)', async () => {
    const names = Array.from({ length: 8 }, (_, n) => `parallel-${n}`);
    const app = h.app();
    const results = await Promise.all(names.map((n) => app.incidentIntake.handle(h.jobFailed(n, 1))));
    expect(results.every((r) => 'outcomes' in r && r.outcomes[0]?.outcome === 'opened')).toBe(true);
    for (const n of names) expect(h.teamsAbout(n)).toHaveLength(1);
    await h.tick();
  });
});
