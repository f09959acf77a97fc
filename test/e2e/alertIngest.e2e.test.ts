// POST /api/alerts end to end: an Azure Monitor alert in the common alert schema becomes the JobFailed events of the
// jobs it is about (read from Azure), with the same ids the timers give them; malformed payloads get 400 naming the field.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobKey } from '../../shared/domain/remediation/record.js';
import { eventId } from '../../shared/events/cloudEvent.js';
import { adhocJobs, lastFailedJob, startFaultStack, topicEvents, type FaultStack } from '../faults/support.js';

let fs: FaultStack;
beforeAll(async () => {
  fs = await startFaultStack();
});
afterAll(() => fs?.stack.close());

const post = (body: unknown) =>
  fetch(`${fs.stack.url}/api/alerts`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });

function alert(targets: string[], context: unknown = {}, condition = 'Fired', firedAt = fs.a.clock.now()) {
  return {
    schemaId: 'azureMonitorCommonAlertSchema',
    data: {
      essentials: {
        alertId: '/subscriptions/x/providers/Microsoft.AlertsManagement/alerts/1',
        alertRule: 'BackupFailure',
        severity: 'Sev1',
        signalType: 'Log',
        monitorCondition: condition,
        monitoringService: 'Azure Backup',
        alertTargetIDs: targets,
        firedDateTime: firedAt.toISOString(),
      },
      alertContext: context,
    },
  };
}

describe('alertIngest', () => {
  it('an alert on a vault yields the JobFailed events of its failed AKS jobs, with the ids every detector derives', async () => {
    const job = await lastFailedJob(fs.a, 'prod-weu-payments');
    const vault = job.id.replace(/\/backupJobs\/.*$/, '');
    const res = await post(alert([vault]));
    expect(res.status).toBe(202);
    const events = topicEvents(fs.stack, 'Autopilot.Backup.JobFailed').filter((e) => e.source === '/autopilot/alertIngest');
    const payments = events.find((e) => e.data.jobId === job.id);
    expect(payments?.id).toBe(eventId('Autopilot.Backup.JobFailed', job.instanceId, jobKey(job.id)));
    expect(payments?.data.detector).toBe('azure-monitor-alert');
    expect(events.every((e) => e.data.vault === 'bv-prod-weu')).toBe(true);
  });

  it('an alert naming a job in its context publishes that job only; a Resolved alert publishes nothing', async () => {
    const job = await lastFailedJob(fs.a, 'prod-neu-search');
    const before = topicEvents(fs.stack, 'Autopilot.Backup.JobFailed').length;
    // Alerts fire within minutes of the failure: a named job counts only if it ended in the alert's window.
    const firedAt = new Date(job.endTime!.getTime() + 60_000);
    const res = await post(alert([job.instanceId], { properties: { LinkToJob: job.id } }, 'Fired', firedAt));
    expect(((await res.json()) as { published: string[] }).published).toEqual([
      eventId('Autopilot.Backup.JobFailed', job.instanceId, jobKey(job.id)),
    ]);
    expect((await post(alert([job.instanceId], {}, 'Resolved'))).status).toBe(202);
    expect(topicEvents(fs.stack, 'Autopilot.Backup.JobFailed')).toHaveLength(before + 1);
  });

  it.each([
    ['not JSON', '{oops', '(body)'],
    ['another schema', { schemaId: 'Microsoft.Insights/activityLogs', data: {} }, 'schemaId'],
    ['no essentials', { schemaId: 'azureMonitorCommonAlertSchema', data: {} }, 'data.essentials'],
  ])('refuses %s with 400 naming the field', async (_what, body, field) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
  });

  it('refuses targets outside the watched subscriptions', async () => {
    const res = await post(
      alert(['/subscriptions/99999999-9999-9999-9999-999999999999/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v']),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('data.essentials.alertTargetIDs[0]');
  });

  describe('trust: a named job id is a lead, read from ARM and counted only under the alert’s targets and window', () => {
    const estate = () => fs.stack.estate!;
    /** Calls to Azure (ARM, Resource Graph, Log Analytics) since the last reset: what one alert cost. */
    const azureCalls = () =>
      estate().control.requests.entries((r) => r.service === 'arm' || r.service === 'resourceGraph' || r.service === 'logAnalytics');
    type Answer = { published: string[]; rejected?: { jobId: string; reason: string }[] };
    // Earlier tests' events are still being delivered (remediation, notifications): let them land before counting.
    beforeEach(() => estate().control.eventGrid.waitForIdle());

    it('an alert "fired in 2020" for an unrelated vault naming a real failed job starts nothing and publishes nothing', async () => {
      const job = await lastFailedJob(fs.a, 'prod-weu-payments');
      const unrelated = job.id.replace(/\/backupVaults\/[^/]+\/backupJobs\/.*$/, '/backupVaults/bv-elsewhere');
      const events = topicEvents(fs.stack, 'Autopilot.Backup.JobFailed').length;
      const adhoc = adhocJobs(fs.stack, 'prod-weu-payments').length;
      const teams = estate().control.sinks.teams().length;
      estate().control.resetRequests();
      const res = await post(alert([unrelated], { properties: { LinkToJob: job.id } }, 'Fired', new Date('2020-01-01T00:00:00Z')));
      expect(res.status).toBe(202);
      const answer = (await res.json()) as Answer;
      expect(answer.published).toEqual([]);
      expect(answer.rejected).toEqual([expect.objectContaining({ jobId: job.id, reason: 'not-a-target' })]);
      expect(azureCalls()).toHaveLength(0); // refused before any lookup: the job's vault is not a target
      await estate().control.eventGrid.waitForIdle();
      expect(topicEvents(fs.stack, 'Autopilot.Backup.JobFailed')).toHaveLength(events);
      expect(adhocJobs(fs.stack, 'prod-weu-payments')).toHaveLength(adhoc);
      expect(estate().control.sinks.teams()).toHaveLength(teams);
    });

    it('the right target but fired in 2020: the job is read once and dropped as outside the window', async () => {
      const job = await lastFailedJob(fs.a, 'prod-weu-payments');
      const events = topicEvents(fs.stack, 'Autopilot.Backup.JobFailed').length;
      estate().control.resetRequests();
      const res = await post(alert([job.instanceId], { properties: { LinkToJob: job.id } }, 'Fired', new Date('2020-01-01T00:00:00Z')));
      const answer = (await res.json()) as Answer;
      expect(answer.published).toEqual([]);
      expect(answer.rejected).toEqual([expect.objectContaining({ jobId: job.id, reason: 'outside-window' })]);
      expect(azureCalls()).toHaveLength(1);
      expect(topicEvents(fs.stack, 'Autopilot.Backup.JobFailed')).toHaveLength(events);
    });

    it('500 job ids: refused with 400 and not one ARM call; the most allowed (10) cost at most 10 lookups', async () => {
      const job = await lastFailedJob(fs.a, 'prod-weu-payments');
      const vault = job.id.replace(/\/backupJobs\/.*$/, '');
      const ids = (n: number) => Array.from({ length: n }, (_, i) => `${vault}/backupJobs/forged-${i}`);
      estate().control.resetRequests();
      expect((await post(alert([vault], { ids: ids(500) }))).status).toBe(400);
      expect(azureCalls()).toHaveLength(0);
      const res = await post(alert([vault], { ids: ids(10) }));
      const answer = (await res.json()) as Answer;
      expect(answer.published).toEqual([]);
      expect(answer.rejected?.map((r) => r.reason)).toEqual(Array(10).fill('not-found'));
      expect(azureCalls()).toHaveLength(10); // one GET per id, nothing else
    });
  });
});
