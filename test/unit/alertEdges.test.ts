// Azure Monitor alerts in the common alert schema (shared/domain/detection/alert.ts) at their edges: every field a 400
// names, the window firedDateTime must fall in, which alerts are backup job failures (built-in by name, description or
// a job id; log alerts by their query), how deep a context may go, and which jobs an alert's targets cover.
import { describe, expect, it } from 'vitest';
import { jobMatchesTargets, MAX_ALERT_DEPTH, parseCommonAlert, type AlertParse } from '../../shared/domain/detection/alert.js';
import { ALERT_SUB, ALERT_VAULT, commonAlert } from './alertFixtures.js';

const SUB = ALERT_SUB;
const OTHER_SUB = 'a1b2c3d4-0000-4000-8000-00000000beef';
const VAULT = ALERT_VAULT;
const JOB_ID = `${VAULT}/backupJobs/0f1e2d3c`;
const LIMITS = { watchedSubscriptions: [SUB], maxJobIds: 3 };
const alert = commonAlert;
const parse = (body: unknown): AlertParse => parseCommonAlert(body, LIMITS);
const errorOf = (body: unknown) => {
  const r = parse(body);
  return 'error' in r ? r.error : undefined;
};
const valueOf = (body: unknown) => {
  const r = parse(body);
  if ('error' in r) throw new Error(`unexpected error at ${r.error.field}: ${r.error.message}`);
  return r.value;
};
const nested = (depth: number, inner: unknown, wrap: (v: unknown) => unknown) => {
  let v = inner;
  for (let i = 0; i < depth; i++) v = wrap(v);
  return v;
};

describe('every field a refusal names, and what it says', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['data that is a list', { schemaId: 'azureMonitorCommonAlertSchema', data: [] }, 'data', /required, an object/],
    ['no essentials', { schemaId: 'azureMonitorCommonAlertSchema', data: {} }, 'data.essentials', /required, an object/],
    ['essentials that are a list', { schemaId: 'azureMonitorCommonAlertSchema', data: { essentials: [] } }, 'data.essentials', /object/],
    ['a body that is text', 'alert', '(body)', /JSON object in the Azure Monitor common alert schema/],
    ['another schema', { schemaId: 'AzureMonitorMetricAlert' }, 'schemaId', /enable the common alert schema/],
    ['a blank alertId', alert({ alertId: '   ' }), 'data.essentials.alertId', /non-empty string/],
    ['a numeric alertId', alert({ alertId: 42 }), 'data.essentials.alertId', /non-empty string/],
    ['an unknown condition', alert({ monitorCondition: 'Maybe' }), 'data.essentials.monitorCondition', /"Fired" or "Resolved"/],
    ['no firedDateTime', alert({ firedDateTime: undefined }), 'data.essentials.firedDateTime', /RFC 3339/],
    ['no targets', alert({ alertTargetIDs: undefined }), 'data.essentials.alertTargetIDs', /non-empty array of ARM ids/],
    [
      'a target that is a number',
      alert({ alertTargetIDs: [42] }),
      'data.essentials.alertTargetIDs[0]',
      /^must be an ARM id \(\/subscriptions\/<id>\[\/resourceGroups\/<rg>\[\/providers\/…\]\]\)$/,
    ],
    [
      'a target with a dot segment',
      alert({ alertTargetIDs: [`/subscriptions/${SUB}/resourceGroups/../x`] }),
      'data.essentials.alertTargetIDs[0]',
      /must be an ARM id .*: it has a dot segment/,
    ],
    [
      'a built-in alert on an unwatched subscription',
      alert({ alertTargetIDs: [`/subscriptions/${OTHER_SUB}`] }),
      'data.essentials.alertTargetIDs[0]',
      new RegExp(`^subscription ${OTHER_SUB} is not watched \\(AZURE_SUBSCRIPTION_IDS\\)$`),
    ],
    [
      'a job id with a dot segment',
      alert({}, { link: `/subscriptions/${SUB}/resourceGroups/../providers/Microsoft.DataProtection/backupVaults/bv/backupJobs/j` }),
      'data.alertContext.link',
      /^names a backup job id that has a dot segment/,
    ],
  ])('%s → %s', (_what, body, field, message) => {
    const e = errorOf(body);
    expect(e?.field).toBe(field);
    expect(e?.message).toMatch(message);
  });

  it('a target is read without the white space around it', () =>
    expect(valueOf(alert({ alertTargetIDs: [` ${VAULT}\n`] })).targets).toEqual([VAULT]));

  it('a resolved alert is read as resolved', () =>
    expect(valueOf(alert({ monitorCondition: 'Resolved' })).monitorCondition).toBe('Resolved'));

  it('an alert without a rule name that names a job is read with an empty rule', () =>
    expect(valueOf(alert({ alertRule: undefined }, { link: JOB_ID }))).toMatchObject({ alertRule: '', jobIds: [JOB_ID] }));
});

describe('the window firedDateTime must fall in', () => {
  it.each([
    ['2000-01-01T00:00:00Z', true],
    ['1999-12-31T23:59:59.999Z', false],
    ['9999-12-30T00:00:00Z', true],
    ['9999-12-30T00:00:00.001Z', false],
    ['9999-12-31T00:00:00Z', false],
  ])('%s: accepted %s', (firedDateTime, accepted) => expect('value' in parse(alert({ firedDateTime })), firedDateTime).toBe(accepted));
});

describe('which alerts are backup job failures', () => {
  const ignoredOf = (body: unknown) => valueOf(body).ignored;

  it.each<[string, Record<string, unknown>, unknown]>([
    ['a rule named without a space', { alertRule: 'BackupFailures' }, {}],
    ['a description that says so', { alertRule: 'aks-backup', description: 'Restore failure for prod-orders' }, {}],
    ['a context that says so', { alertRule: 'aks-backup' }, { properties: { title: 'Backup Failure' } }],
    ['a context that names a job', { alertRule: 'aks-backup' }, { link: JOB_ID }],
    ['a service written in another case', { monitoringService: 'AZURE BACKUP' }, {}],
    [
      'a log alert with one of two queries over AddonAzureBackupJobs',
      { monitoringService: 'Log Alerts V2', alertRule: 'q' },
      { condition: { allOf: [{ searchQuery: 'Perf | take 1' }, { searchQuery: 'AddonAzureBackupJobs | where JobStatus == "Failed"' }] } },
    ],
    [
      'a log alert on a workspace in another subscription',
      { monitoringService: 'Log Analytics', alertRule: 'q', alertTargetIDs: [`/subscriptions/${OTHER_SUB}/resourceGroups/logs`] },
      { SearchQuery: 'AddonAzureBackupJobs | take 1' },
    ],
    ['a context holding null and numbers', {}, { a: null, b: 1, c: true, d: [null] }],
  ])('acts on %s', (_what, essentials, context) => expect(ignoredOf(alert(essentials, context))).toBeUndefined());

  it.each<[string, Record<string, unknown>, unknown, string]>([
    [
      'an Azure Backup alert without a rule name',
      { alertRule: undefined },
      {},
      'Azure Backup alert "(no rule name)" is not a backup or restore job failure (security and health alerts are not acted on)',
    ],
    [
      'a service that only starts like Azure Backup',
      { monitoringService: 'Azure Backup Center' },
      {},
      'Azure Backup Center alert "Backup Failure" (signal Log) is not a backup job failure; only Azure Backup\'s job failure alerts and log alerts over AddonAzureBackupJobs are acted on',
    ],
    [
      'a service that only ends like Azure Backup',
      { monitoringService: 'Not Azure Backup', signalType: undefined },
      {},
      'Not Azure Backup alert "Backup Failure" (signal unknown) is not a backup job failure; only Azure Backup\'s job failure alerts and log alerts over AddonAzureBackupJobs are acted on',
    ],
    [
      'a log alert that mentions the table outside its query',
      { monitoringService: 'Log Alerts V2', alertRule: 'q' },
      { condition: { allOf: [{ searchQuery: 'Perf | take 1', description: 'AddonAzureBackupJobs' }] } },
      'log alert "q" does not query AddonAzureBackupJobs',
    ],
    [
      'a log alert whose query sits under another key',
      { monitoringService: 'Log Alerts V2', alertRule: 'q' },
      { mySearchQuery: 'AddonAzureBackupJobs', searchQueryText: 'AddonAzureBackupJobs' },
      'log alert "q" does not query AddonAzureBackupJobs',
    ],
    [
      'a service that only starts like a log alert',
      { monitoringService: 'Log Alerts V2 Preview', alertRule: 'q' },
      { searchQuery: 'AddonAzureBackupJobs' },
      'Log Alerts V2 Preview alert "q" (signal Log) is not a backup job failure; only Azure Backup\'s job failure alerts and log alerts over AddonAzureBackupJobs are acted on',
    ],
    [
      'a service that only ends like a log alert',
      { monitoringService: 'Legacy Log Analytics', alertRule: 'q' },
      { searchQuery: 'AddonAzureBackupJobs' },
      'Legacy Log Analytics alert "q" (signal Log) is not a backup job failure; only Azure Backup\'s job failure alerts and log alerts over AddonAzureBackupJobs are acted on',
    ],
  ])('ignores %s, saying why', (_what, essentials, context, reason) => {
    const value = valueOf(alert(essentials, context));
    expect(value.ignored).toBe(reason);
    expect(value.jobIds).toEqual([]);
  });

  it('an ignored alert carries no job ids even when its context names one', () => {
    const v = valueOf(alert({ monitoringService: 'ServiceHealth' }, { link: JOB_ID }));
    expect(v.ignored).toMatch(/^ServiceHealth alert/);
    expect(v.jobIds).toEqual([]);
  });
});

describe(`a context at most ${MAX_ALERT_DEPTH} levels deep`, () => {
  it.each<[string, (v: unknown) => unknown]>([
    ['objects', (v) => ({ a: v })],
    ['lists', (v) => [v]],
  ])('of %s: exactly the limit is read, one more is refused by name', (_what, wrap) => {
    expect(valueOf(alert({}, nested(MAX_ALERT_DEPTH, JOB_ID, wrap))).jobIds).toEqual([JOB_ID]);
    expect(errorOf(alert({}, nested(MAX_ALERT_DEPTH + 1, JOB_ID, wrap)))).toEqual({
      field: 'data.alertContext',
      message: `is nested deeper than ${MAX_ALERT_DEPTH} levels`,
    });
  });
});

describe('which jobs an alert’s targets cover', () => {
  const job = { id: JOB_ID.replace('/bv/', '/BV/'), instanceId: `${VAULT}/backupInstances/Prod-Orders` };
  it.each<[string, string[], boolean]>([
    ['its vault, in other casing', [VAULT.toUpperCase()], true],
    ['its vault with a trailing slash', [`${VAULT}/`], true],
    ['its vault with two trailing slashes', [`${VAULT}//`], true],
    ['the instance, written in lower case', [`${VAULT}/backupInstances/prod-orders`.toLowerCase()], true],
    ['another vault, then its own', [`${VAULT}2`, VAULT], true],
    ['the job itself, in lower case', [JOB_ID.toLowerCase()], true],
    ['another vault only', [`${VAULT}2`], false],
    ['no target', [], false],
  ])('%s: %s', (_what, targets, covered) => expect(jobMatchesTargets(job, targets)).toBe(covered));
});
