// POST /api/alerts end to end: an Azure Monitor alert in the common alert schema becomes the JobFailed events of the
// jobs it is about (read from Azure), with the same ids the timers give them; malformed payloads get 400 naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobKey } from '../../shared/domain/remediation/record.js';
import { eventId } from '../../shared/events/cloudEvent.js';
import { lastFailedJob, startFaultStack, topicEvents, type FaultStack } from '../faults/support.js';

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

function alert(targets: string[], context: unknown = {}, condition = 'Fired') {
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
        firedDateTime: fs.a.clock.now().toISOString(),
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
    const res = await post(alert([job.instanceId], { properties: { LinkToJob: job.id } }));
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
});
