// The RPO timer end to end: the local host runs functions/rpoCheckTimer.ts against the estate (DataProtection, the
// Event Grid topic) and Azurite (state), all with real SDK clients. Time moves on the estate's clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveAppSettings } from '../../sandbox/host/index.js';
import { startLocalStack, type LocalStack } from '../../sandbox/localStack.js';
import { buildServices } from '../../shared/composition.js';
import { parseConfig } from '../../shared/config/index.js';
import { parseHistory } from '../../shared/domain/rpo/rpoHistory.js';
import { isRpoEvent, parseCloudEvent, type AutopilotCloudEvent, type RpoEventType } from '../../shared/events/cloudEvent.js';
import { HISTORY_KEY } from '../../shared/usecases/rpo/rpoMonitor.js';
import type { RpoInstanceReport, RpoReport } from '../../shared/usecases/rpo/rpoReport.js';
import { parseDuration } from '../../shared/domain/duration.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, timers: 'manual', log: () => undefined });
});
afterAll(() => stack?.close());
beforeEach(() => stack.estate!.control.faults.clear());

const tick = (): Promise<void> => stack.host.runFunction('rpoCheckTimer');
const published = (): AutopilotCloudEvent<RpoEventType>[] =>
  stack
    .estate!.control.eventGrid.events()
    .map((r) => {
      const parsed = parseCloudEvent(r.event);
      if ('error' in parsed) throw new Error(`the topic holds an invalid event: ${parsed.error}`);
      return parsed.value;
    })
    .filter(isRpoEvent);
const about = (name: string, type?: string) => published().filter((e) => e.data.name === name && (type === undefined || e.type === type));
const report = async (): Promise<RpoReport> => (await (await fetch(`${stack.url}/api/rpo`)).json()) as RpoReport;
const verdictOf = async (name: string) => (await report()).instances.find((i) => i.name === name)?.verdict;
const used: string[] = [];
/** An instance judged ok right now against a target, not used by an earlier test (which depends on scenario and tiers). */
async function someOk(): Promise<RpoInstanceReport> {
  const found = (await report()).instances.find(
    (i) => i.verdict === 'ok' && i.ageSeconds !== null && parseDuration(i.targetRpo ?? '') && !used.includes(i.name),
  );
  if (!found) throw new Error('the scenario has no unused ok instance left');
  used.push(found.name);
  return found;
}
/** Keeps the instance failing and moves the estate's clock just past its target. */
function breach(i: RpoInstanceReport): void {
  stack.estate!.model.setBehaviour(i.name, 'failing');
  stack.estate!.model.clock.advance(parseDuration(i.targetRpo!)! - i.ageSeconds! * 1000 + 10 * 60_000);
}
/** Heals the instance and moves the clock an hour at a time until its next scheduled backup has landed. */
async function recover(name: string): Promise<void> {
  stack.estate!.model.setBehaviour(name, 'healthy');
  for (let hours = 0; (await verdictOf(name)) !== 'ok'; hours++) {
    if (hours > 48) throw new Error(`${name} did not recover within two days`);
    stack.estate!.model.clock.advance('PT1H');
  }
}
const history = async () =>
  parseHistory((await buildServices(parseConfig(), { clock: stack.estate!.model.clock }).stateStore.read(HISTORY_KEY))?.value);

describe('rpoCheckTimer', () => {
  it('resolves its schedule from the RPO_CHECK_SCHEDULE app setting, as the host does', () => {
    expect(resolveAppSettings('%RPO_CHECK_SCHEDULE%')).toBe('0 */15 * * * *');
    expect(() => resolveAppSettings('%NO_SUCH_SETTING%', {})).toThrow(/'%NO_SUCH_SETTING%' does not resolve to a value/);
  });

  it('first run: one event per troubled subject (fleet and blob sources), none for ok or unknown', async () => {
    await tick();
    const events = published();
    const troubled = (await report()).instances.filter((i) => i.verdict === 'at-risk' || i.verdict === 'breached');
    expect(
      events
        .filter((e) => e.data.kind === 'backupInstance')
        .map((e) => e.subject)
        .sort(),
    ).toEqual(troubled.map((i) => i.id).sort());
    expect(
      events
        .filter((e) => e.data.kind === 'blobSource')
        .map((e) => [e.subject, e.type])
        .sort(),
    ).toEqual([
      ['blob://pg-orders', 'Autopilot.Rpo.AtRisk'],
      ['blob://velero-stage', 'Autopilot.Rpo.Breached'],
    ]);
    for (const e of events) {
      expect(e.source).toBe('/autopilot/rpoCheckTimer');
      expect(e.data.previousVerdict).toBeNull();
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('publishes nothing when nothing changed', async () => {
    const before = published().length;
    await tick();
    await tick();
    expect(published()).toHaveLength(before);
    expect((await history()).pending).toEqual([]);
  });

  it('a breach produces exactly one Breached event; its recovery exactly one Recovered', async () => {
    const shop = await someOk();
    expect(about(shop.name)).toEqual([]); // ok since the first run: never announced
    breach(shop);
    await tick();
    await tick();
    const [event, ...more] = about(shop.name);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      type: 'Autopilot.Rpo.Breached',
      subject: shop.id,
      data: {
        verdict: 'breached',
        previousVerdict: 'ok',
        kind: 'backupInstance',
        vault: shop.vault,
        cluster: shop.cluster,
        targetRpo: shop.targetRpo,
      },
    });

    await recover(shop.name);
    await tick();
    await tick();
    const recovered = about(shop.name, 'Autopilot.Rpo.Recovered');
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toMatchObject({ subject: shop.id, data: { verdict: 'ok', previousVerdict: 'breached' } });
    expect(about(shop.name)).toHaveLength(2);
  });

  it('loses nothing when the topic fails: the next tick publishes the same event id once the fault is cleared', async () => {
    const control = stack.estate!.control;
    const victim = await someOk();
    breach(victim);
    control.faults.add({ service: 'eventGrid', kind: 'status', status: 500, times: Infinity });
    await expect(tick()).rejects.toMatchObject({ statusCode: 500 });
    expect(about(victim.name, 'Autopilot.Rpo.Breached')).toEqual([]);
    const left = (await history()).pending;
    expect(left.every((p) => p.claimedBy === null)).toBe(true); // the failed tick gave its claims back
    const waiting = left.find((p) => (p.event as { subject?: string }).subject === victim.id);
    expect(waiting).toMatchObject({ event: { type: 'Autopilot.Rpo.Breached' } });

    control.faults.clear();
    await tick();
    await tick();
    expect(about(victim.name, 'Autopilot.Rpo.Breached').map((e) => e.id)).toEqual([waiting!.id]);
    expect(published().filter((e) => left.some((p) => p.id === e.id))).toHaveLength(left.length);
    expect((await history()).pending).toEqual([]);
  });

  it('two concurrent ticks publish each change once', async () => {
    const victim = await someOk();
    breach(victim);
    const before = published().length;
    await Promise.all([tick(), tick()]);
    const added = published().slice(before);
    expect(added.filter((e) => e.subject === victim.id)).toHaveLength(1);
    expect(new Set(added.map((e) => e.subject)).size).toBe(added.length);
    expect((await history()).pending).toEqual([]);
  });

  it('keeps its history across a restart: a new services instance on the same Azurite publishes nothing new', async () => {
    const before = published().length;
    const restarted = buildServices(parseConfig(), { clock: stack.estate!.model.clock });
    const result = await restarted.rpoMonitor.run();
    expect(result.changes).toEqual([]);
    expect(published()).toHaveLength(before);
  });
});
