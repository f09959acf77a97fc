// Generators of hostile input for the fuzz suite: near-valid values with one thing wrong (the inputs that found the
// real defects — broken percent-escapes, dot segments, impossible dates, deep nesting, odd content types) mixed with
// arbitrary JSON and text. Anything that names a resource names one that does not exist (rg-fuzz) or lives in a
// subscription the app does not watch, so no generated input can legitimately lead to an event, message or ARM write.
import fc from 'fast-check';
import { SETTING_NAMES } from '../../shared/config/index.js';
import { buildEvent } from '../../shared/events/cloudEvent.js';

export const UNWATCHED = '99999999-9999-9999-9999-999999999999';

/** Strings that have broken parsers before: escapes, dot segments, separators, control and non-BMP characters. */
const nasty = fc.constantFrom(
  '%zz',
  '%E0%A4%A',
  '%ED%A0%80',
  '%C0%AE%C0%AE',
  '%',
  '%%',
  '%2e%2e',
  '%2E',
  '..',
  '.',
  '%2F',
  '%00',
  '\u0000',
  '\n',
  ' ',
  '',
  '\\',
  '?',
  '#',
  '&',
  '=',
  '__proto__',
  'constructor',
  '😀',
  '\uD800',
  'a'.repeat(300),
);
const text = fc.oneof(
  { arbitrary: fc.string({ maxLength: 20 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 10 }), weight: 1 },
  { arbitrary: nasty, weight: 3 },
);
const segment = fc.oneof(
  { arbitrary: fc.constantFrom('rg-fuzz', 'bv-fuzz', 'bi-fuzz', 'job-fuzz'), weight: 3 },
  { arbitrary: text, weight: 2 },
);

/** ARM-id-like strings: the right shape with any part swapped for something wrong. */
export const armIdLike = (watched: string) =>
  fc
    .record({
      sub: fc.constantFrom(watched, UNWATCHED, watched.toUpperCase(), 'not-a-guid', ''),
      rg: segment,
      provider: fc.constantFrom('Microsoft.DataProtection', 'microsoft.dataprotection', 'Microsoft.ContainerService', 'Microsoft.Nope'),
      type: fc.constantFrom('backupVaults', 'managedClusters', 'BACKUPVAULTS', 'x'),
      vault: segment,
      child: fc.constantFrom('backupInstances', 'backupJobs', 'recoveryPoints', ''),
      name: segment,
      tail: fc.constantFrom('', '/', '//', '/../..', '/extra/seg'),
    })
    .map(
      (p) =>
        `/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/${p.provider}/${p.type}/${p.vault}${p.child ? `/${p.child}/${p.name}` : ''}${p.tail}`,
    )
    // The watched subscription is only ever named with the non-existent rg-fuzz group or a malformed one.
    .filter((id) => !id.includes(`/resourceGroups/rg-`) || id.includes('/resourceGroups/rg-fuzz'));

// ---------------------------------------------------------------- GET /api/rpo

/** encodeURIComponent throws on a lone surrogate; the raw form (which keeps it) is the one that tests that. */
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

const PARAMETERS = ['instance', 'cluster', 'vault', 'verdict', 'code'] as const;

/** A query string: known and unknown names, values valid or not, percent-encoded or raw (broken escapes kept). */
export const rpoQuery = (watched: string) =>
  fc.oneof(
    { arbitrary: anyRpoQuery(watched), weight: 8 },
    // A well-formed id of an instance that does not exist: read from the DataProtection API, answered 404.
    {
      arbitrary: fc
        .constantFrom('bi-fuzz', 'BI-FUZZ', 'bi%20fuzz', 'b.i')
        .map(
          (name) =>
            `instance=${encodeURIComponent(`/subscriptions/${watched}/resourceGroups/rg-fuzz/providers/Microsoft.DataProtection/backupVaults/bv-fuzz/backupInstances/${name}`)}`,
        ),
      weight: 1,
    },
  );

const anyRpoQuery = (watched: string) =>
  fc
    .array(
      fc.record({
        name: fc.oneof(
          { arbitrary: fc.constantFrom(...PARAMETERS), weight: 6 },
          { arbitrary: fc.constantFrom('clusters', 'Instance', 'verdicts', 'format', ''), weight: 1 },
          { arbitrary: text, weight: 1 },
        ),
        value: fc.oneof(
          {
            arbitrary: fc.constantFrom('ok', 'at-risk', 'atRisk', 'breached', 'unknown', 'OK,atrisk', 'red', 'ok,', 'aks-fuzz', 'bv-fuzz'),
            weight: 3,
          },
          { arbitrary: armIdLike(watched), weight: 3 },
          { arbitrary: text, weight: 3 },
          { arbitrary: fc.constant('x'.repeat(2100)), weight: 1 },
        ),
        raw: fc.boolean(),
      }),
      { maxLength: 4 },
    )
    .map((params) =>
      params
        .map(({ name, value, raw }) => {
          const enc = (s: string) => (raw ? s.replace(/[#&\s]/g, (c) => encodeURIComponent(c)) : encodeURIComponent(wellFormed(s)));
          return `${enc(name)}=${enc(value)}`;
        })
        .join('&'),
    );

// ---------------------------------------------------------------- POST /api/alerts

const MONITORING_SERVICES = [
  'Azure Backup',
  'Log Alerts V2',
  'Log Analytics',
  'ActivityLog Administrative',
  'ServiceHealth',
  'Resource Health',
  'Platform',
  'Application Insights',
];

const firedDateTime = (now: Date) =>
  fc.oneof(
    { arbitrary: fc.integer({ min: -48, max: 48 }).map((h) => new Date(now.getTime() + h * 3_600_000).toISOString()), weight: 4 },
    {
      arbitrary: fc.constantFrom(
        '+275760-09-13T00:00:00.000Z',
        '-271821-04-20T00:00:00.000Z',
        '2026-02-30T00:00:00Z',
        '9999-12-31T23:59:59Z',
        '0001-01-01T00:00:00Z',
        '2026-11-21T10:00:00.1234567Z',
        '2026-11-21 10:00',
        'yesterday',
      ),
      weight: 2,
    },
    { arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), weight: 1 },
    { arbitrary: text, weight: 1 },
  );

const target = (watched: string) =>
  fc.oneof(
    {
      arbitrary: fc.constant(`/subscriptions/${watched}/resourceGroups/rg-fuzz/providers/Microsoft.DataProtection/backupVaults/bv-fuzz`),
      weight: 4,
    },
    { arbitrary: armIdLike(watched), weight: 4 },
    {
      arbitrary: fc.constantFrom(
        `/subscriptions/${UNWATCHED}`,
        `/subscriptions/${watched}/resourceGroups/rg-fuzz`,
        `/subscriptions/${watched}/resourceGroups/rg-fuzz/providers/Microsoft.OperationalInsights/workspaces/law`,
        `/subscriptions/${UNWATCHED}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/bv`,
        '/subscriptions/',
        'subscriptions/x',
      ),
      weight: 2,
    },
    { arbitrary: text, weight: 1 },
    { arbitrary: fc.jsonValue({ maxDepth: 1 }), weight: 1 },
  );

/** Strings that look like job ids (the alert ingest looks them up in ARM): never one that exists. */
const jobIdLike = (watched: string) =>
  fc
    .tuple(fc.constantFrom(watched, UNWATCHED), segment, segment)
    .map(
      ([sub, rg, job]) =>
        `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.DataProtection/backupVaults/bv-fuzz/backupJobs/${job}`,
    )
    .filter((id) => id.includes(UNWATCHED) || !id.includes('/resourceGroups/rg-') || id.includes('/resourceGroups/rg-fuzz'));

const alertContext = (watched: string) =>
  fc.oneof(
    { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
    { arbitrary: fc.array(jobIdLike(watched), { maxLength: 4 }).map((ids) => ({ properties: { links: ids } })), weight: 3 },
    {
      arbitrary: fc.integer({ min: 8, max: 250 }).map((n) => ({
        ids: Array.from(
          { length: n },
          (_, i) =>
            `/subscriptions/${watched}/resourceGroups/rg-fuzz/providers/Microsoft.DataProtection/backupVaults/bv-fuzz/backupJobs/j${i}`,
        ),
      })),
      weight: 1,
    },
    {
      arbitrary: fc
        .constantFrom('AddonAzureBackupJobs | where JobStatus == "Failed"', 'Perf | take 1', '')
        .map((q) => ({ condition: { allOf: [{ searchQuery: q }] } })),
      weight: 2,
    },
  );

/** An alert in the common alert schema with any field missing, mistyped or wrong. */
const alertObject = (watched: string, now: Date) =>
  fc
    .record(
      {
        schemaId: fc.oneof({ arbitrary: fc.constant('azureMonitorCommonAlertSchema'), weight: 9 }, { arbitrary: text, weight: 1 }),
        essentials: fc.record(
          {
            alertId: fc.oneof(
              { arbitrary: fc.constant(`/subscriptions/${watched}/providers/Microsoft.AlertsManagement/alerts/fuzz`), weight: 5 },
              { arbitrary: fc.jsonValue({ maxDepth: 1 }), weight: 1 },
            ),
            alertRule: fc.oneof(fc.constantFrom('Backup Failure', 'Restore Failure', 'Delete Backup Data', 'cpu'), text),
            severity: fc.constantFrom('Sev0', 'Sev1', 'Sev4'),
            signalType: fc.constantFrom('Log', 'Metric', 'Activity Log', 'Unknown'),
            monitorCondition: fc.oneof(
              { arbitrary: fc.constantFrom('Fired', 'Resolved'), weight: 5 },
              { arbitrary: fc.jsonValue({ maxDepth: 0 }), weight: 1 },
            ),
            monitoringService: fc.oneof({ arbitrary: fc.constantFrom(...MONITORING_SERVICES), weight: 5 }, { arbitrary: text, weight: 1 }),
            alertTargetIDs: fc.oneof(
              { arbitrary: fc.array(target(watched), { minLength: 1, maxLength: 3 }), weight: 6 },
              { arbitrary: fc.jsonValue({ maxDepth: 1 }), weight: 1 },
            ),
            firedDateTime: firedDateTime(now),
            description: text,
          },
          { requiredKeys: ['alertId', 'monitorCondition', 'monitoringService', 'alertTargetIDs', 'firedDateTime'] },
        ),
        alertContext: alertContext(watched),
      },
      { requiredKeys: ['schemaId', 'essentials'] },
    )
    .map(({ schemaId, essentials, alertContext: context }) => ({
      schemaId,
      data: { essentials, ...(context === undefined ? {} : { alertContext: context }) },
    }));

/** An alert Azure could send: well formed, about nothing that exists, of any kind, Fired or Resolved. */
const plausibleAlert = (watched: string, now: Date) =>
  fc
    .record({
      kind: fc.constantFrom(
        { monitoringService: 'Azure Backup', alertRule: 'Backup Failure' },
        { monitoringService: 'Azure Backup', alertRule: 'Restore Failure' },
        { monitoringService: 'Azure Backup', alertRule: 'Delete Backup Data' },
        { monitoringService: 'Log Alerts V2', alertRule: 'aks-backup-failed' },
        { monitoringService: 'ActivityLog Administrative', alertRule: 'vault-writes' },
        { monitoringService: 'ServiceHealth', alertRule: 'incident' },
      ),
      monitorCondition: fc.constantFrom('Fired', 'Fired', 'Resolved'),
      hours: fc.integer({ min: -48, max: 48 }),
      targets: fc.array(
        fc.constantFrom(
          `/subscriptions/${watched}/resourceGroups/rg-fuzz/providers/Microsoft.DataProtection/backupVaults/bv-fuzz`,
          `/subscriptions/${watched}/resourceGroups/rg-fuzz`,
          `/subscriptions/${UNWATCHED}`,
        ),
        { minLength: 1, maxLength: 2 },
      ),
      context: alertContext(watched),
    })
    .map((a) => ({
      schemaId: 'azureMonitorCommonAlertSchema',
      data: {
        essentials: {
          alertId: `/subscriptions/${watched}/providers/Microsoft.AlertsManagement/alerts/fuzz`,
          ...a.kind,
          signalType: 'Log',
          monitorCondition: a.monitorCondition,
          alertTargetIDs: a.targets,
          firedDateTime: new Date(now.getTime() + a.hours * 3_600_000).toISOString(),
        },
        alertContext: a.context,
      },
    }));

/** The bytes of one POST /api/alerts body: mostly alerts, some arbitrary JSON, text, deep nesting, oversize. */
export const alertBody = (watched: string, now: Date) =>
  fc.oneof(
    { arbitrary: plausibleAlert(watched, now).map((a) => JSON.stringify(a)), weight: 6 },
    { arbitrary: alertObject(watched, now).map((a) => JSON.stringify(a)), weight: 12 },
    { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), weight: 2 },
    { arbitrary: text, weight: 1 },
    {
      // JSON.stringify itself overflows the stack on deep values: written out as text.
      arbitrary: fc.integer({ min: 60, max: 20_000 }).map((n) => {
        const alert = JSON.stringify({ schemaId: 'azureMonitorCommonAlertSchema', data: { essentials: {}, alertContext: '@' } });
        return alert.replace('"@"', `${'{"a":['.repeat(n)}1${']}'.repeat(n)}`);
      }),
      weight: 1,
    },
    { arbitrary: fc.constant(JSON.stringify({ schemaId: 'azureMonitorCommonAlertSchema', pad: 'x'.repeat(1024 * 1024) })), weight: 1 },
  );

/** Request headers: the content type (JSON in many spellings, or not), an Accept, and a few arbitrary headers. */
export const alertHeaders = fc.record({
  contentType: fc.oneof(
    {
      arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/cloudevents+json'),
      weight: 8,
    },
    {
      arbitrary: fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/jsonx',
        'multipart/form-data; boundary=x',
        '',
      ),
      weight: 2,
    },
  ),
  accept: fc.constantFrom('*/*', 'application/json', 'text/html', 'x/y;q=oops'),
  extra: fc.dictionary(
    fc.stringMatching(/^x-fuzz-[a-z0-9-]{1,12}$/),
    fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
    { maxKeys: 3 },
  ),
});

// ---------------------------------------------------------------- Event Grid deliveries

const JOB_DATA = {
  name: 'bi-fuzz',
  vault: 'bv-fuzz',
  cluster: 'aks-fuzz',
  operation: 'Backup',
  trigger: 'scheduled',
  status: 'Failed',
  startTime: null,
  endTime: null,
  errorCode: 'UserErrorExtensionPodNotRunning',
  errorMessage: 'pod not running',
  isRetryable: true,
  isUserError: true,
  detector: 'resource-graph',
} as const;

/** Valid events of the catalog (which WOULD open an incident or a re-run), as JSON objects. */
const validEvent = (watched: string, now: Date) => {
  const instance = `/subscriptions/${watched}/resourceGroups/rg-fuzz/providers/Microsoft.DataProtection/backupVaults/bv-fuzz/backupInstances/bi-fuzz`;
  const failed = buildEvent('Autopilot.Backup.JobFailed', {
    subject: instance,
    time: now,
    factKey: 'fuzz',
    data: { ...JOB_DATA, jobId: instance.replace(/backupInstances\/.*$/, 'backupJobs/job-fuzz') },
  });
  const breached = buildEvent('Autopilot.Rpo.Breached', {
    subject: 'blob://velero-fuzz',
    time: now,
    factKey: 'fuzz',
    data: {
      verdict: 'breached',
      previousVerdict: null,
      reason: 'old',
      targetRpo: 'PT1H',
      latestRecoveryPoint: null,
      ageSeconds: null,
      kind: 'blobSource',
      name: 'velero-fuzz',
      vault: null,
      cluster: 'velero/fuzz',
    },
  });
  return fc.constantFrom(failed, breached).map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>);
};

/** One change that makes an event invalid under CloudEvents 1.0 or the catalog; every one of them must be dropped. */
const invalidation = (watched: string) =>
  fc.oneof(
    fc.record({ attr: fc.constant('source'), value: fc.constantFrom('not a uri', '/autopilot/%zz', '1abc:/x', '', 'a b', '\u0000') }),
    fc.record({
      attr: fc.constant('time'),
      value: fc.oneof(
        fc.constantFrom('2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '2026-11-21T10:00:00', '', null),
        text,
      ),
    }),
    fc.record({
      attr: fc.constant('subject'),
      value: fc.oneof(
        fc.constantFrom(
          'bi-fuzz',
          `/subscriptions/${UNWATCHED}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/bv/backupInstances/bi`,
          `/subscriptions/${watched}/resourceGroups/../providers/Microsoft.DataProtection/backupVaults/bv/backupInstances/bi`,
          `/subscriptions/${watched}/resourceGroups/rg-fuzz/providers/Microsoft.DataProtection/backupVaults/bv/backupInstances/bi%zz`,
          'blob://',
          'blob://../x',
          '',
        ),
        text.filter((s) => !s.startsWith('blob://')),
      ),
    }),
    fc.record({ attr: fc.constant('specversion'), value: fc.constantFrom('0.3', '1', 1.0, null, '') }),
    fc.record({ attr: fc.constant('id'), value: fc.constantFrom('', ' ', 1, null) }),
    fc.record({
      attr: fc.constant('type'),
      value: fc.oneof(fc.constantFrom('Autopilot.Rpo.Exploded', 'Microsoft.Storage.BlobCreated', ''), text),
    }),
    fc.record({ attr: fc.constantFrom('dataContentType', 'Foo', 'my_ext', 'x'.repeat(21)), value: fc.constant('v') }),
    fc.record({ attr: fc.constant('data'), value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant({ ...JOB_DATA, jobId: '..' })) }),
    fc.record({ attr: fc.constant('datacontenttype'), value: fc.constantFrom('text/xml', 'application/xml', '') }),
    fc.record({ attr: fc.constant('data_base64'), value: fc.constant('AAAA') }),
    fc.record({ attr: fc.constant('dataschema'), value: fc.constantFrom('a b', '', '%zz') }),
  );

/** An event Event Grid could deliver that no handler may act on: a valid one with at least one invalidation, or noise. */
export const invalidEvent = (watched: string, now: Date) =>
  fc.oneof(
    {
      arbitrary: fc
        .tuple(validEvent(watched, now), fc.array(invalidation(watched), { minLength: 1, maxLength: 3 }))
        .map(([event, changes]) => {
          const out: Record<string, unknown> = { ...event };
          for (const { attr, value } of changes) out[attr] = value;
          return out;
        }),
      weight: 8,
    },
    { arbitrary: fc.dictionary(text, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }), weight: 2 },
  );

// ---------------------------------------------------------------- settings

const settingValue = fc.oneof(
  text,
  fc.constantFrom(
    '0',
    '-1',
    '1e309',
    'NaN',
    '99999999999',
    'PT',
    'P-1D',
    'PT0S',
    '* * *',
    '0 */5 * * * * *',
    '@Microsoft.KeyVault(SecretUri=https://kv/s)',
  ),
  fc.constantFrom(
    'http://example.com',
    'https://',
    'ftp://x',
    'https://user:pass@host/path',
    '[]',
    '{}',
    '[{"name":"x"}]',
    '{"Critical":"PT"}',
  ),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
);

/** Up to four settings changed (or removed) from a valid environment. */
export const settingsChange = fc.dictionary(fc.constantFrom(...SETTING_NAMES), fc.option(settingValue, { nil: undefined }), {
  minKeys: 1,
  maxKeys: 4,
});
