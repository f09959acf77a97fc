// Resource Graph blind or forbidden, end to end on the local host: GET /api/rpo, jobWatchTimer and POST /api/alerts
// still see the whole estate — through the DataProtection API where Resource Graph cannot — and both the answer
// and the log say so, in words (not a count).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '../../sandbox/host/index.js';
import type { RpoReport } from '../../shared/usecases/rpo/rpoReport.js';
import { lastFailedJob, startFaultStack, topicEvents, type FaultStack } from '../faults/support.js';

let fs: FaultStack;
const logs: LogEntry[] = [];
beforeAll(async () => {
  fs = await startFaultStack({ JOB_WATCH_LOOKBACK: 'P1D' }, (e) => void logs.push(e));
});
afterAll(() => fs?.stack.close());
beforeEach(() => {
  fs.stack.estate!.control.faults.clear();
  fs.stack.estate!.model.setGraphBlindness({});
});

const [PROD, DEV] = ['3f2c9a4e-5b7d-4e1a-9c3b-2d8e6f1a7b90', '8d41b6c2-7e93-4f05-a1d8-5c2b9e7f3a64'];
const forbidGraph = () => fs.stack.estate!.control.faults.add({ kind: 'status', status: 403, service: 'resourceGraph', times: Infinity });
/** Whether a function logged this text as a warning, word for word. */
const logged = (text: string): boolean => logs.some((e) => e.level === 'warning' && e.message.includes(text));
const rpo = async (): Promise<RpoReport> => {
  const res = await fetch(`${fs.stack.url}/api/rpo`);
  expect(res.status).toBe(200);
  return (await res.json()) as RpoReport;
};
const failedNames = () => new Set(topicEvents(fs.stack, 'Autopilot.Backup.JobFailed').map((e) => e.data.name));

describe('GET /api/rpo', () => {
  it('with Resource Graph answering empty: every instance, judged from the DataProtection API, a warning per subscription, logged', async () => {
    fs.stack.estate!.model.setGraphBlindness({ all: true });
    const r = await rpo();
    expect(r.summary).toEqual({ total: 11, ok: 3, atRisk: 2, breached: 2, unknown: 4 });
    expect(r.instances.every((i) => i.evidence === 'recovery-points')).toBe(true);
    expect(r.warnings).toHaveLength(2);
    expect(r.warnings[0]).toContain(`in subscription ${PROD}`);
    expect(r.warnings[1]).toContain(`in subscription ${DEV}`);
    for (const w of r.warnings) expect(logged(w), w).toBe(true);
  });

  it('with Resource Graph answering a subset: the vault it leaves out is read from the DataProtection API, and that is logged', async () => {
    fs.stack.estate!.model.setGraphBlindness({ vaults: ['bv-dev-weu'] });
    const r = await rpo();
    expect(r.summary.total).toBe(11);
    expect(r.warnings).toEqual([
      expect.stringContaining(`in subscription ${DEV} (bv-dev-weu: 2 in the DataProtection API, 0 in Resource Graph)`),
    ]);
    expect(logged(r.warnings[0]!)).toBe(true);
    expect(r.instances.filter((i) => i.evidence === 'resource-graph').length).toBeGreaterThan(0);
  });
});

describe('jobWatchTimer', () => {
  it('with Resource Graph forbidden (403): publishes every failure from the DataProtection jobs API and logs why', async () => {
    forbidGraph();
    await fs.stack.host.runFunction('jobWatchTimer');
    expect(failedNames()).toEqual(new Set(['prod-weu-orders', 'prod-weu-payments', 'prod-neu-search', 'dev-weu-sandbox']));
    expect(logged('job watch: Resource Graph could not be queried (403 AuthorizationFailed')).toBe(true);
    expect(logged('the jobs of every vault (3) were read from the DataProtection jobs API')).toBe(true);
  });

  it('with Resource Graph answering empty: the next failure is still published, and the disagreement logged', async () => {
    const before = topicEvents(fs.stack, 'Autopilot.Backup.JobFailed').filter((e) => e.data.name === 'prod-weu-orders').length;
    fs.stack.estate!.model.clock.advance('PT5H'); // prod-weu-orders fails again on its 4-hourly schedule
    fs.stack.estate!.model.setGraphBlindness({ all: true });
    await fs.stack.host.runFunction('jobWatchTimer');
    const after = topicEvents(fs.stack, 'Autopilot.Backup.JobFailed').filter((e) => e.data.name === 'prod-weu-orders').length;
    expect(after).toBeGreaterThan(before);
    expect(
      logged(`job watch: Resource Graph shows 0 of the 9 AKS backup instances the DataProtection API lists in subscription ${PROD}`),
    ).toBe(true);
  });
});

describe('POST /api/alerts', () => {
  it('with Resource Graph forbidden (403): 202 with the vault’s failed jobs from the DataProtection jobs API, and the warning logged', async () => {
    const job = await lastFailedJob(fs.a, 'prod-weu-payments');
    forbidGraph();
    const res = await fetch(`${fs.stack.url}/api/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alertOn(job.id.replace(/\/backupJobs\/.*$/, ''))),
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { jobs: number; published: string[]; warnings?: string[] };
    expect(body.jobs).toBeGreaterThan(0);
    expect(body.published.length).toBe(body.jobs);
    expect(body.warnings).toEqual([expect.stringMatching(/^Resource Graph could not be queried \(403 AuthorizationFailed/)]);
    expect(logged(`alert ingest: ${body.warnings![0]!}`)).toBe(true);
  });
});

function alertOn(target: string) {
  return {
    schemaId: 'azureMonitorCommonAlertSchema',
    data: {
      essentials: {
        alertId: '/subscriptions/x/providers/Microsoft.AlertsManagement/alerts/403',
        alertRule: 'BackupFailure',
        severity: 'Sev1',
        signalType: 'Log',
        monitorCondition: 'Fired',
        monitoringService: 'Azure Backup',
        alertTargetIDs: [target],
        firedDateTime: fs.a.clock.now().toISOString(),
      },
      alertContext: {},
    },
  };
}
