import { describe, expect, it } from 'vitest';
import { jobMatchesTargets, parseCommonAlert } from '../../shared/domain/detection/alert.js';
import { parseCloudEvent } from '../../shared/events/cloudEvent.js';
import { jobOutcomeEvent } from '../../shared/usecases/detection/detectJobEvents.js';
import type { JobFact } from '../../shared/usecases/ports.js';
import { ALERT_SUB, ALERT_VAULT, commonAlert } from './alertFixtures.js';

const SUB = ALERT_SUB;
const VAULT = ALERT_VAULT;
const JOB: JobFact = {
  id: `${VAULT}/backupJobs/0f1e2d3c`,
  instanceId: `${VAULT}/backupInstances/prod-orders`,
  instanceName: 'prod-orders',
  vault: 'bv',
  cluster: 'aks-prod',
  operation: 'Backup',
  trigger: 'scheduled',
  status: 'Failed',
  startTime: new Date('2026-11-21T02:00:30Z'),
  endTime: new Date('2026-11-21T02:06:30Z'),
  errorCode: 'UserErrorExtensionPodNotRunning',
  errorMessage: 'pod not running',
  isRetryable: true,
  isUserError: true,
};

describe('jobOutcomeEvent', () => {
  it('gives one id per job whichever detector saw it (by ARM id or bare GUID), and a valid catalog event', () => {
    const rg = jobOutcomeEvent(JOB, 'resource-graph')!;
    const la = jobOutcomeEvent({ ...JOB, id: '0F1E2D3C' }, 'log-analytics')!;
    const alert = jobOutcomeEvent(JOB, 'azure-monitor-alert')!;
    expect(rg.id).toBe(la.id);
    expect(rg.id).toBe(alert.id);
    expect([rg.source, la.source, alert.source]).toEqual(['/autopilot/jobWatchTimer', '/autopilot/jobLogsTimer', '/autopilot/alertIngest']);
    expect(parseCloudEvent(JSON.parse(JSON.stringify(rg)))).toHaveProperty('value');
    expect(rg).toMatchObject({ type: 'Autopilot.Backup.JobFailed', subject: JOB.instanceId, time: '2026-11-21T02:06:30.000Z' });
  });

  it('JobSucceeded carries no error; running or cancelled jobs yield nothing', () => {
    expect(jobOutcomeEvent({ ...JOB, status: 'CompletedWithWarnings' }, 'resource-graph')).toMatchObject({
      type: 'Autopilot.Backup.JobSucceeded',
      data: { errorCode: null, isRetryable: null },
    });
    expect(jobOutcomeEvent({ ...JOB, status: 'InProgress' }, 'resource-graph')).toBeUndefined();
    expect(jobOutcomeEvent({ ...JOB, status: 'Cancelled' }, 'resource-graph')).toBeUndefined();
  });
});

describe('parseCommonAlert', () => {
  const LIMITS = { watchedSubscriptions: [SUB], maxJobIds: 3 };
  const ok = commonAlert;
  const parse = (body: unknown) => parseCommonAlert(body, LIMITS);
  const fieldOf = (body: unknown) => {
    const parsed = parse(body);
    return 'error' in parsed ? parsed.error.field : undefined;
  };
  const ignoredOf = (body: unknown) => {
    const parsed = parse(body);
    return 'value' in parsed ? parsed.value.ignored : `error: ${parsed.error.field}`;
  };

  it('reads the essentials and any backup job ids named in the context', () => {
    const parsed = parse(ok({}, { nested: [{ link: `https://portal/#${JOB.id}` }] }));
    expect(parsed).toEqual({
      value: {
        alertId: 'a1',
        alertRule: 'Backup Failure',
        monitorCondition: 'Fired',
        firedAt: new Date('2026-11-21T03:00:00Z'),
        targets: [VAULT],
        jobIds: [JOB.id],
      },
    });
  });

  it.each([
    [[], '(body)'],
    [{ schemaId: 'other' }, 'schemaId'],
    [{ schemaId: 'azureMonitorCommonAlertSchema' }, 'data'],
    [ok({ alertId: '' }), 'data.essentials.alertId'],
    [ok({ monitorCondition: 'Maybe' }), 'data.essentials.monitorCondition'],
    [ok({ firedDateTime: 'yesterday' }), 'data.essentials.firedDateTime'],
    [ok({ alertTargetIDs: [] }), 'data.essentials.alertTargetIDs'],
    [ok({ alertTargetIDs: [VAULT, 'bv'] }), 'data.essentials.alertTargetIDs[1]'],
    [ok({ alertTargetIDs: ['/subscriptions/other/resourceGroups/x'] }), 'data.essentials.alertTargetIDs[0]'],
    [
      ok({ alertTargetIDs: [`/subscriptions/${SUB}/resourceGroups/../providers/Microsoft.DataProtection/backupVaults/bv`] }),
      'data.essentials.alertTargetIDs[0]',
    ],
  ])('names the bad field: %j → %s', (body, field) => expect(fieldOf(body)).toBe(field));

  it.each([
    ['at JavaScript’s largest date', '+275760-09-13T00:00:00.000Z'],
    ['in year 10000', '10000-01-01T00:00:00Z'],
    ['on a day the calendar does not have', '2026-02-30T03:00:00Z'],
    ['before the product could exist', '1970-01-01T00:00:00Z'],
  ])('refuses a firedDateTime %s', (_what, firedDateTime) => expect(fieldOf(ok({ firedDateTime }))).toBe('data.essentials.firedDateTime'));

  it('reads Azure Monitor’s seven fractional digits', () => {
    const parsed = parse(ok({ firedDateTime: '2026-11-21T03:00:00.1234567Z' }));
    expect('value' in parsed && parsed.value.firedAt.toISOString()).toBe('2026-11-21T03:00:00.123Z');
  });

  it('refuses a job id with a broken percent-escape or a dot segment, naming where it is', () => {
    expect(fieldOf(ok({}, { properties: { LinkToJob: `${VAULT}/backupJobs/%E0%A4%A` } }))).toBe('data.alertContext.properties.LinkToJob');
    expect(
      fieldOf(
        ok({}, { links: [`/subscriptions/${SUB}/resourceGroups/../providers/Microsoft.DataProtection/backupVaults/bv/backupJobs/j`] }),
      ),
    ).toBe('data.alertContext.links[0]');
  });

  it('refuses more distinct job ids than the limit, before anything looks them up', () => {
    const ids = [1, 2, 3, 4].map((n) => `${VAULT}/backupJobs/job-${n}`);
    const parsed = parse(ok({}, { ids }));
    expect('error' in parsed && parsed.error).toEqual({
      field: 'data.alertContext',
      message: 'names 4 backup job ids; at most 3 per alert (ALERT_MAX_JOB_IDS)',
    });
    expect(parse(ok({}, { ids: [...ids.slice(0, 3), ids[0]!.toUpperCase()] }))).toHaveProperty('value.jobIds', ids.slice(0, 3));
  });

  it('walks a context nested 10,000 deep without recursion and refuses it by name', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(fieldOf(ok({}, deep))).toBe('data.alertContext');
  });

  it.each([
    ['the built-in Backup Failure alert', ok(), undefined],
    ['a built-in alert naming a job', ok({ alertRule: 'x' }, { link: JOB.id }), undefined],
    [
      'a Log Alerts V2 rule over AddonAzureBackupJobs',
      ok(
        { monitoringService: 'Log Alerts V2', alertRule: 'aks-failed' },
        { condition: { allOf: [{ searchQuery: 'AddonAzureBackupJobs | where JobStatus == "Failed"' }] } },
      ),
      undefined,
    ],
    [
      'a legacy log alert over AddonAzureBackupJobs',
      ok({ monitoringService: 'Log Analytics', alertRule: 'old' }, { SearchQuery: 'AddonAzureBackupJobs | take 1' }),
      undefined,
    ],
  ])('acts on %s', (_what, body, ignored) => expect(ignoredOf(body)).toBe(ignored));

  it.each([
    [
      'an activity-log alert for a successful vault write',
      ok(
        { monitoringService: 'ActivityLog Administrative', signalType: 'Activity Log', alertRule: 'vault-writes' },
        {
          authorization: { action: 'Microsoft.DataProtection/backupVaults/write' },
          status: 'Succeeded',
          operationName: 'Microsoft.DataProtection/backupVaults/write',
        },
      ),
      /^ActivityLog Administrative alert "vault-writes" \(signal Activity Log\) is not a backup job failure/,
    ],
    [
      'a Service Health alert scoped at a subscription',
      ok({ monitoringService: 'ServiceHealth', signalType: 'Activity Log', alertRule: 'sh', alertTargetIDs: [`/subscriptions/${SUB}`] }),
      /^ServiceHealth alert "sh"/,
    ],
    [
      'a Service Health alert on an unwatched subscription',
      ok({ monitoringService: 'ServiceHealth', alertTargetIDs: ['/subscriptions/99999999-9999-9999-9999-999999999999'] }),
      /^ServiceHealth alert/,
    ],
    [
      'a Backup security alert',
      ok({ alertRule: 'Delete Backup Data', description: 'backup data deleted' }),
      /^Azure Backup alert "Delete Backup Data" is not a backup or restore job failure/,
    ],
    [
      'a log alert over another table',
      ok({ monitoringService: 'Log Alerts V2', alertRule: 'cpu' }, { condition: { allOf: [{ searchQuery: 'Perf | take 1' }] } }),
      /does not query AddonAzureBackupJobs/,
    ],
    ['a metric alert', ok({ monitoringService: 'Platform', signalType: 'Metric', alertRule: 'Backup Failure' }), /^Platform alert/],
    ['an alert without monitoringService', ok({ monitoringService: undefined }), /^no data\.essentials\.monitoringService/],
  ])('ignores %s with the reason', (_what, body, reason) => expect(ignoredOf(body)).toMatch(reason));

  it('understands subscription- and resource-group-scoped targets', () => {
    const rg = `/subscriptions/${SUB}/resourceGroups/rg`;
    expect(parse(ok({ alertTargetIDs: [`/subscriptions/${SUB}`, rg] }))).toHaveProperty('value.targets', [`/subscriptions/${SUB}`, rg]);
    expect(jobMatchesTargets(JOB, [`/subscriptions/${SUB}`])).toBe(true);
    expect(jobMatchesTargets(JOB, [rg])).toBe(true);
  });

  it('matches jobs to vault or instance targets', () => {
    expect(jobMatchesTargets(JOB, [VAULT])).toBe(true);
    expect(jobMatchesTargets(JOB, [JOB.instanceId.toUpperCase()])).toBe(true);
    expect(jobMatchesTargets(JOB, [`${VAULT}2`])).toBe(false);
  });
});
