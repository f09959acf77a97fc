import { describe, expect, it } from 'vitest';
import { jobMatchesTargets, parseCommonAlert } from '../../shared/domain/detection/alert.js';
import { parseCloudEvent } from '../../shared/events/cloudEvent.js';
import { jobOutcomeEvent } from '../../shared/usecases/detectJobEvents.js';
import type { JobFact } from '../../shared/usecases/ports.js';

const SUB = '3f2c9a4e-5b7d-4e1a-9c3b-2d8e6f1a7b90';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/bv`;
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
  const ok = (essentials: Record<string, unknown> = {}, alertContext: unknown = {}) => ({
    schemaId: 'azureMonitorCommonAlertSchema',
    data: {
      essentials: {
        alertId: 'a1',
        alertRule: 'r',
        monitorCondition: 'Fired',
        firedDateTime: '2026-11-21T03:00:00Z',
        alertTargetIDs: [VAULT],
        ...essentials,
      },
      alertContext,
    },
  });

  it('reads the essentials and any backup job ids named in the context', () => {
    const parsed = parseCommonAlert(ok({}, { nested: [{ link: `https://portal/#${JOB.id}` }] }), [SUB]);
    expect(parsed).toEqual({
      value: {
        alertId: 'a1',
        alertRule: 'r',
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
  ])('names the bad field: %j → %s', (body, field) => {
    const parsed = parseCommonAlert(body, [SUB]);
    expect('error' in parsed && parsed.error.field).toBe(field);
  });

  it('matches jobs to vault or instance targets', () => {
    expect(jobMatchesTargets(JOB, [VAULT])).toBe(true);
    expect(jobMatchesTargets(JOB, [JOB.instanceId.toUpperCase()])).toBe(true);
    expect(jobMatchesTargets(JOB, [`${VAULT}2`])).toBe(false);
  });
});
