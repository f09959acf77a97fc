// AlertIngest on the fakes: an Azure Monitor alert (parsed by the domain: shared/domain/detection/alert.ts) becomes the
// JobFailed events of the jobs it names, or of its targets' failed jobs around the time it fired — with the same ids
// the timers use, so remediation and incidents see one fact.
import { describe, expect, it } from 'vitest';
import { parseCommonAlert, type AlertFacts } from '../../shared/domain/detection/alert.js';
import { AlertIngest } from '../../shared/usecases/detection/alertIngest.js';
import { jobOutcomeEvent } from '../../shared/usecases/detection/detectJobEvents.js';
import {
  failedJob,
  instanceId,
  job,
  ManualClock,
  MemoryEventPublisher,
  MemoryJobFeed,
  MemoryRerunner,
  SUBSCRIPTION,
  VAULT_ID,
} from '../support/fakes/index.js';

const FIRED = '2026-11-21T03:00:00Z';
const at = (iso: string) => new Date(iso);

function alert(essentials: Record<string, unknown>, alertContext: unknown = {}): AlertFacts {
  const parsed = parseCommonAlert(
    {
      schemaId: 'azureMonitorCommonAlertSchema',
      data: {
        essentials: {
          alertId: 'a1',
          alertRule: 'Backup Failure',
          monitoringService: 'Azure Backup',
          signalType: 'Log',
          monitorCondition: 'Fired',
          firedDateTime: FIRED,
          alertTargetIDs: [VAULT_ID],
          ...essentials,
        },
        alertContext,
      },
    },
    { watchedSubscriptions: [SUBSCRIPTION], maxJobIds: 20 },
  );
  if ('error' in parsed) throw new Error(`${parsed.error.field}: ${parsed.error.message}`);
  return parsed.value;
}

function world() {
  const feed = new MemoryJobFeed();
  const rerunner = new MemoryRerunner(feed, new ManualClock(FIRED));
  const publisher = new MemoryEventPublisher();
  return { feed, publisher, ingest: new AlertIngest({ feed, jobs: rerunner, publisher, concurrency: 4 }) };
}

const failed = failedJob('prod-weu-orders', 'job-1', 'UserErrorKubernetesApiServerUnreachable', {
  startTime: at('2026-11-21T02:30:00Z'),
  endTime: at('2026-11-21T02:50:00Z'),
});

describe('AlertIngest', () => {
  it('an alert on a vault publishes its failed jobs in the window, with the id jobWatchTimer gives the same job', async () => {
    const w = world();
    w.feed.add(
      failed,
      job('prod-weu-orders', 'job-2', { endTime: at('2026-11-21T02:55:00Z') }), // succeeded: not a failure
      failedJob('prod-weu-old', 'job-3', 'InternalError', { endTime: at('2026-11-20T23:00:00Z') }), // before the 2 h look-back
    );
    const r = await w.ingest.run(alert({}));
    expect(r).toMatchObject({ alertId: 'a1', monitorCondition: 'Fired', jobs: 1 });
    expect(w.publisher.events).toHaveLength(1);
    const [event] = w.publisher.ofType('Autopilot.Backup.JobFailed');
    expect(event).toMatchObject({ source: '/autopilot/alertIngest', data: { jobId: failed.id, detector: 'azure-monitor-alert' } });
    expect(event?.id).toBe(jobOutcomeEvent(failed, 'resource-graph')?.id);
    expect(r.published).toEqual([event?.id]);
  });

  it('an alert naming jobs reads those jobs, and only the failed ones become events', async () => {
    const w = world();
    // A success of the same instance in the window: read, and dropped as not failed (the trust rules, issue 13).
    const ok = job('prod-weu-orders', 'job-4', { startTime: at('2026-11-21T02:35:00Z'), endTime: at('2026-11-21T02:55:00Z') });
    w.feed.add(failed, ok);
    const r = await w.ingest.run(alert({ alertTargetIDs: [instanceId('prod-weu-orders')] }, { jobs: [failed.id, ok.id] }));
    expect(r.rejected?.map((x) => [x.jobId, x.reason])).toEqual([[ok.id, 'not-failed']]);
    expect(w.publisher.ofType('Autopilot.Backup.JobFailed').map((e) => e.data.jobId)).toEqual([failed.id]);
  });

  it('targets outside the alert are not published; a resolved alert does nothing', async () => {
    const w = world();
    w.feed.add(failed);
    expect(await w.ingest.run(alert({ alertTargetIDs: [instanceId('prod-weu-payments')] }))).toMatchObject({
      jobs: 0,
      note: 'no failed AKS backup job found for the alert targets in the window',
    });
    expect(await w.ingest.run(alert({ monitorCondition: 'Resolved' }))).toMatchObject({ note: 'resolved alert: nothing to do' });
    expect(w.publisher.events).toEqual([]);
  });

  it('an alert that is not about backup jobs is ignored with the reason, without reading a job', async () => {
    const w = world();
    w.feed.failures.add('must not be read');
    const r = await w.ingest.run(alert({ alertRule: 'CPU high', monitoringService: 'Platform', signalType: 'Metric' }));
    expect(r.ignored).toBeTruthy();
    expect(w.feed.queries).toEqual([]);
    expect(w.publisher.events).toEqual([]);
  });

  it('a publish failure is not swallowed: the request fails and nothing is reported published', async () => {
    const w = world();
    w.feed.add(failed);
    w.publisher.failures.add('Event Grid unavailable');
    await expect(w.ingest.run(alert({}))).rejects.toThrow('Event Grid unavailable');
  });
});
