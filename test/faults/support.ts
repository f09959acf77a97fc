// Shared setup of the remediation fault tests: the local stack (estate + Azurite + host, timers manual), the app's
// services built twice (two "instances" of the Function App sharing one state account), and the failed scheduled
// jobs the estate has, as the JobFailed events the detectors publish.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScenarioInput } from '../../sandbox/estate/index.js';
import type { LogSink } from '../../sandbox/host/index.js';
import { startLocalStack, type LocalStack } from '../../sandbox/localStack.js';
import { ResourceGraphJobFeed } from '../../shared/adapters/arm/jobFeed.js';
import { buildServices, type Services } from '../../shared/composition.js';
import { parseConfig } from '../../shared/config/index.js';
import type { AutopilotEventType } from '../../shared/events/catalog.js';
import { parseCloudEvent, type AutopilotCloudEvent } from '../../shared/events/cloudEvent.js';
import { jobOutcomeEvent } from '../../shared/usecases/detection/detectJobEvents.js';
import type { JobFact } from '../../shared/usecases/ports.js';

export interface FaultStack {
  readonly stack: LocalStack;
  /** Two independent service graphs (clients, caches) over the same estate and state: two app instances. */
  readonly a: Services;
  readonly b: Services;
}

/**
 * The default scenario with its clock pinned to 01:00 UTC: the budget is per UTC day, and a test that moves the clock
 * by hours must not cross midnight depending on when it runs.
 */
function pinnedDefaultScenario(): ScenarioInput {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'sandbox', 'scenarios', 'default.json');
  return { ...(JSON.parse(readFileSync(file, 'utf8')) as ScenarioInput), start: '2026-11-21T01:00:00Z' };
}

export async function startFaultStack(settings: Record<string, string> = {}, log: LogSink = () => undefined): Promise<FaultStack> {
  const stack = await startLocalStack({
    scenario: pinnedDefaultScenario(),
    port: 0,
    timers: 'manual',
    log,
    settings: { HTTP_RETRY_DELAY_MS: '5', REMEDIATION_LRO_POLL_MS: '20', ...settings },
  });
  const clock = stack.estate!.model.clock;
  return { stack, a: buildServices(parseConfig(), { clock }), b: buildServices(parseConfig(), { clock }) };
}

/** The newest failed scheduled backup job of an instance (by name), from Resource Graph as jobWatchTimer sees it. */
export async function lastFailedJob(s: Services, name: string): Promise<JobFact> {
  const now = s.clock.now();
  const feed = new ResourceGraphJobFeed(s.resourceGraph, s.config.subscriptionIds);
  const jobs = await feed.endedBetween(new Date(now.getTime() - 2 * 86_400_000), now);
  const job = jobs.filter((j) => j.instanceName === name && j.status === 'Failed' && j.trigger === 'scheduled').at(-1);
  if (!job) throw new Error(`no failed scheduled job for ${name}`);
  return job;
}

export async function failedEvent(s: Services, name: string): Promise<AutopilotCloudEvent<'Autopilot.Backup.JobFailed'>> {
  const event = jobOutcomeEvent(await lastFailedJob(s, name), 'resource-graph');
  if (event?.type !== 'Autopilot.Backup.JobFailed') throw new Error('not a JobFailed event');
  return event;
}

/** Events the estate's topic holds, parsed, optionally only of one type and instance. */
export function topicEvents<T extends AutopilotEventType>(stack: LocalStack, type: T, name?: string): AutopilotCloudEvent<T>[] {
  return stack
    .estate!.control.eventGrid.events()
    .map((r) => {
      const parsed = parseCloudEvent(r.event);
      if ('error' in parsed) throw new Error(`the topic holds an invalid event: ${parsed.error}`);
      return parsed.value;
    })
    .filter((e) => e.type === type && (name === undefined || (e.data as { name?: string }).name === name)) as AutopilotCloudEvent<T>[];
}

/** On-demand backups the estate has for an instance: the ground truth for "zero duplicate re-runs". */
export function adhocJobs(stack: LocalStack, name: string) {
  const instance = stack.estate!.model.findInstance(name);
  if (!instance) throw new Error(`no instance ${name}`);
  return instance.manualJobs.filter((j) => j.kind === 'adhoc');
}

/** Makes a healthy instance fail (with a code) until its next scheduled job has failed, then heals it or not. */
export async function makeFailure(
  fs: FaultStack,
  name: string,
  code: string,
  heal: boolean,
): Promise<AutopilotCloudEvent<'Autopilot.Backup.JobFailed'>> {
  const model = fs.stack.estate!.model;
  model.setBehaviour(name, 'failing', { failureCode: code, failureMessage: `${code} (fault test)` });
  for (let i = 0; i < 30; i++) {
    model.clock.advance('PT1H');
    const job = await lastFailedJob(fs.a, name).catch(() => undefined);
    if (job) {
      if (heal) model.setBehaviour(name, 'healthy');
      return failedEvent(fs.a, name);
    }
  }
  throw new Error(`${name} never failed`);
}
