// Every input edge over real HTTP against the local stack — GET /api/rpo, POST /api/alerts, Event Grid deliveries to
// the Event Grid-triggered functions — with the defects found by hand: 500s from input, events from alerts that are
// not failures, malformed CloudEvents acted on, no limits. Each bad input must get a JSON 4xx naming the field (or,
// for Event Grid, be dropped with 202) and change nothing: no ARM call, no event, no incident, no message.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildEvent } from '../../shared/events/cloudEvent.js';
import { readBook } from '../../shared/usecases/notify/notifyBook.js';
import { lastFailedJob, startFaultStack, type FaultStack } from '../faults/support.js';

let fs: FaultStack;
beforeAll(async () => {
  fs = await startFaultStack();
});
afterAll(() => fs?.stack.close());

const estate = () => fs.stack.estate!;
const sub = () => fs.stack.config.subscriptionIds[0]!;
const vaultOf = (s: string) => `/subscriptions/${s}/resourceGroups/rg-x/providers/Microsoft.DataProtection/backupVaults/bv-x`;

/** What an input could have caused: calls to Azure, events on the topic, Teams and email messages. */
const effects = () => ({
  azure: estate().control.requests.entries((r) => r.service !== undefined && r.service !== 'control' && r.service !== 'eventGrid').length,
  events: estate().control.eventGrid.events().length,
  teams: estate().control.sinks.teams().length,
  emails: estate().control.sinks.emails().length,
});
let before: ReturnType<typeof effects>;
beforeEach(() => {
  estate().control.resetRequests();
  before = effects();
});
const expectNothingChanged = () => expect(effects()).toEqual({ ...before, azure: 0 });

const errorOf = async (res: Response) => {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return ((await res.json()) as { error: { field?: string; parameter?: string; message: string } }).error;
};

describe('GET /api/rpo', () => {
  const get = (query: string) => fetch(`${fs.stack.url}/api/rpo${query}`);
  const instance = () => `${vaultOf(sub())}/backupInstances/bi`;

  it.each([
    ['a broken percent-escape in ?instance= (was a URIError, 500)', () => `?instance=${instance()}%zz`, 'broken percent-escape'],
    ['a dot segment in ?instance=', () => `?instance=${instance().replace('/rg-x/', '/../')}`, 'dot segment'],
    ['an encoded dot segment in ?instance=', () => `?instance=${instance().replace('/rg-x/', '/%252e%252e/')}`, 'dot segment'],
  ])('answers 400 naming instance for %s, without calling Azure', async (_what, query, message) => {
    const res = await get(query());
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ parameter: 'instance', message: expect.stringContaining(message) as unknown });
    expectNothingChanged();
  });

  it('refuses an unknown parameter by name instead of answering for the whole fleet', async () => {
    const res = await get('?clusters=aks-prod-weu');
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ parameter: 'clusters', message: expect.stringContaining('unknown parameter') as unknown });
    expectNothingChanged();
  });

  it('takes atRisk and at-risk alike', async () => {
    const names = async (q: string) => ((await (await get(q)).json()) as { instances: { name: string }[] }).instances.map((i) => i.name);
    const dashed = await names('?verdict=at-risk');
    expect(dashed.length).toBeGreaterThan(0);
    expect(await names('?verdict=atRisk')).toEqual(dashed);
  });
});

describe('POST /api/alerts', () => {
  const post = (body: string, contentType = 'application/json') =>
    fetch(`${fs.stack.url}/api/alerts`, { method: 'POST', body, headers: { 'content-type': contentType } });
  const alert = (essentials: Record<string, unknown> = {}, alertContext: unknown = {}) =>
    JSON.stringify({
      schemaId: 'azureMonitorCommonAlertSchema',
      data: {
        essentials: {
          alertId: `/subscriptions/${sub()}/providers/Microsoft.AlertsManagement/alerts/1`,
          alertRule: 'Backup Failure',
          severity: 'Sev1',
          signalType: 'Log',
          monitorCondition: 'Fired',
          monitoringService: 'Azure Backup',
          alertTargetIDs: [vaultOf(sub())],
          firedDateTime: estate().model.clock.now().toISOString(),
          ...essentials,
        },
        alertContext,
      },
    });
  const refused = async (res: Response, status: number, field: string | RegExp) => {
    expect(res.status).toBe(status);
    expect((await errorOf(res)).field).toMatch(field);
    expectNothingChanged();
  };

  it('refuses an alertContext nested 10,000 deep (was a stack overflow, 500)', async () => {
    // Written out by hand: JSON.stringify itself overflows the stack on such a value.
    const deep = `${'{"a":'.repeat(10_000)}"x"${'}'.repeat(10_000)}`;
    await refused(await post(alert({}, '@DEEP@').replace('"@DEEP@"', deep)), 400, /^data\.alertContext/);
  });

  it('refuses a firedDateTime at JavaScript’s largest date (was a RangeError, 500)', async () =>
    refused(await post(alert({ firedDateTime: '+275760-09-13T00:00:00.000Z' })), 400, 'data.essentials.firedDateTime'));

  it('refuses a job id with a broken percent-escape (was a URIError, 500), naming where it is', async () =>
    refused(
      await post(alert({}, { properties: { LinkToJob: `${vaultOf(sub())}/backupJobs/%E0%A4%A` } })),
      400,
      'data.alertContext.properties.LinkToJob',
    ));

  it('refuses 200 job ids in one alert without a single ARM call (ALERT_MAX_JOB_IDS)', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `${vaultOf(sub())}/backupJobs/job-${i}`);
    await refused(await post(alert({}, { ids })), 400, 'data.alertContext');
  });

  it('refuses a body that is not JSON by content type with 415', async () =>
    refused(await post(alert(), 'text/plain'), 415, 'content-type'));

  it('refuses a body over 1 MiB with 413', async () => refused(await post(alert({}, { pad: 'x'.repeat(1024 * 1024) })), 413, '(body)'));

  it('publishes nothing for an activity-log alert about a successful vault write (was two JobFailed events)', async () => {
    const job = await lastFailedJob(fs.a, 'prod-weu-payments');
    estate().control.resetRequests();
    const vault = job.id.replace(/\/backupJobs\/.*$/, '');
    const res = await post(
      alert(
        { monitoringService: 'ActivityLog Administrative', signalType: 'Activity Log', alertRule: 'vault-writes', alertTargetIDs: [vault] },
        { authorization: { action: 'Microsoft.DataProtection/backupVaults/write', scope: vault }, status: 'Succeeded' },
      ),
    );
    expect(res.status).toBe(202);
    expect(((await res.json()) as { ignored: string }).ignored).toMatch(
      /^ActivityLog Administrative alert "vault-writes".*not a backup job failure/,
    );
    expectNothingChanged();
  });

  it('ignores a Service Health alert scoped at a subscription with the reason (was 400 "must be an ARM id")', async () => {
    const res = await post(
      alert({
        monitoringService: 'ServiceHealth',
        signalType: 'Activity Log',
        alertRule: 'sh',
        alertTargetIDs: [`/subscriptions/${sub()}`],
      }),
    );
    expect(res.status).toBe(202);
    expect(((await res.json()) as { ignored: string }).ignored).toMatch(/^ServiceHealth alert "sh"/);
    expectNothingChanged();
  });
});

describe('Event Grid deliveries', () => {
  const deliver = (functionName: string, event: unknown) =>
    fetch(`${fs.stack.url}/runtime/webhooks/eventgrid?functionName=${functionName}`, {
      method: 'POST',
      body: JSON.stringify(event),
      headers: { 'aeg-event-type': 'Notification', 'content-type': 'application/cloudevents+json; charset=utf-8' },
    });
  // Each case its own instance and job: an event that slipped through would open a new incident, not update one.
  let n = 0;
  const instance = (s = sub()) =>
    `/subscriptions/${s}/resourceGroups/rg-edge/providers/Microsoft.DataProtection/backupVaults/bv-edge/backupInstances/edge-${++n}`;
  const failed = (subject = instance()): Record<string, unknown> =>
    JSON.parse(
      JSON.stringify(
        buildEvent('Autopilot.Backup.JobFailed', {
          subject,
          time: estate().model.clock.now(),
          factKey: `${subject}-job-${n}`,
          data: {
            name: 'edge-1',
            vault: 'bv-edge',
            cluster: 'aks-edge',
            // A job of the subject's own vault (one of another vault is refused, see below).
            jobId: `${subject.includes('/backupInstances/') ? subject.replace(/\/backupInstances\/.*$/, '') : vaultOf(sub())}/backupJobs/edge-job-${n}`,
            operation: 'Backup',
            trigger: 'scheduled',
            status: 'Failed',
            startTime: null,
            endTime: null,
            errorCode: 'UserErrorExtensionMSIMissingPermissions',
            errorMessage: 'no permission',
            isRetryable: false,
            isUserError: true,
            detector: 'resource-graph',
          },
        }),
      ),
    ) as Record<string, unknown>;
  const incidents = async () => (await readBook(fs.a.stateStore)).incidents.length;

  it.each([
    ['a source that is not a URI-reference', () => ({ ...failed(), source: 'alert ingest' })],
    ['time 2026-02-30 (was read as March 2)', () => ({ ...failed(), time: '2026-02-30T10:00:00Z' })],
    ['a subject that is not an ARM id', () => failed('edge-1')],
    ['a subject in an unwatched subscription', () => failed(instance('99999999-9999-9999-9999-999999999999'))],
    ['a dot segment in the subject', () => failed(instance().replace('/rg-edge/', '/../'))],
    [
      'a job id of another vault than the subject’s',
      () => {
        const e = failed();
        return { ...e, data: { ...(e.data as object), jobId: `${vaultOf(sub())}/backupJobs/elsewhere` } };
      },
    ],
  ])('drops %s with 202: no incident, no message, no ARM call', async (_what, event) => {
    const open = await incidents();
    for (const fn of ['notifyIncident', 'remediateBackupFailure']) expect((await deliver(fn, event())).status).toBe(202);
    expect(await incidents()).toBe(open);
    expectNothingChanged();
  });

  it('still acts on a well-formed event (the checks above can fail)', async () => {
    const open = await incidents();
    expect((await deliver('notifyIncident', failed())).status).toBe(202);
    expect(await incidents()).toBe(open + 1);
    expect(estate().control.sinks.teams().length).toBeGreaterThan(before.teams);
  });
});
