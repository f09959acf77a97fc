// The npm start story, end to end on the default scenario: the RPO timer finds prod-neu-search breached (its last
// backups failed), notifyIncident posts one Teams card for it and the outbox timer one email (a digest, since the
// first run finds several troubled backups at once); once a backup succeeds again, the next RPO run resolves it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../sandbox/localStack.js';
import type { RpoReport } from '../../shared/usecases/rpo/rpoReport.js';
import { helpers } from './notifySupport.js';

let stack: LocalStack;
const h = helpers(() => stack);
const NAME = 'prod-neu-search';

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, timers: 'manual', log: () => undefined });
  // Only the RPO timer and notifications: the remediation functions would re-run the backup and change the story.
  for (const s of stack.estate!.control.eventGrid.subscriptions()) {
    if (s.name !== 'notifyIncident') stack.estate!.control.eventGrid.unsubscribe(s.name);
  }
});
afterAll(() => stack?.close());

const rpoTick = async () => {
  await stack.host.runFunction('rpoCheckTimer');
  await stack.estate!.control.eventGrid.waitForIdle();
};
const verdict = async () =>
  ((await (await fetch(`${stack.url}/api/rpo`)).json()) as RpoReport).instances.find((i) => i.name === NAME)?.verdict;

describe('default scenario: a failing instance, notified and resolved', () => {
  it('one Teams card and one email when it is found breached', async () => {
    await rpoTick();
    await h.tick();
    await rpoTick();
    await h.tick();
    const cards = h.teamsAbout(NAME);
    expect(cards.map(h.headline)).toEqual([`RPO breached — ${NAME}`]);
    const emails = h.emailsAbout(NAME);
    expect(emails).toHaveLength(1);
    expect(emails[0]!.html).toContain(NAME);
  });

  it('a resolution message once its backups succeed again', async () => {
    for (let hours = 0; (await verdict()) !== 'ok'; hours++) {
      if (hours > 24) throw new Error(`${NAME} did not recover within a day`);
      stack.estate!.model.clock.advance('PT1H');
    }
    await rpoTick();
    await h.tick();
    expect(h.teamsAbout(NAME).map(h.headline)).toEqual([`RPO breached — ${NAME}`, `Resolved: RPO breached — ${NAME}`]);
    expect(h.emailsAbout(NAME).length).toBeGreaterThanOrEqual(2);
  });
});
