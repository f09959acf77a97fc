import { describe, expect, it } from 'vitest';
import { EVENT_CATALOG, EVENT_TYPES } from '../../shared/events/catalog.js';
import { buildEvent, eventId, parseCloudEvent, type AutopilotCloudEvent, type ParseOptions } from '../../shared/events/cloudEvent.js';
import type { RpoChange } from '../../shared/domain/rpo/rpoHistory.js';
import { rpoEvent, toObservations, type Observed } from '../../shared/usecases/rpo/rpoMonitorEvents.js';

const T = new Date('2026-11-21T10:00:00.000Z');
const ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/bv/backupInstances/aks-prod';
const observed: Observed = {
  subject: ID,
  verdict: 'breached',
  reason: 'newest recovery point is PT6H old, over the PT5H target',
  targetRpo: 'PT5H',
  latestRecoveryPoint: '2026-11-21T04:00:00.000Z',
  ageSeconds: 21_600,
  kind: 'backupInstance',
  name: 'aks-prod',
  vault: 'bv',
  cluster: 'aks-prod-weu',
};

describe('catalog', () => {
  it('names every type Autopilot.<Area>.<Fact> with a /autopilot/<function> source', () => {
    expect(EVENT_TYPES.length).toBeGreaterThanOrEqual(3);
    for (const type of EVENT_TYPES) {
      expect(type).toMatch(/^Autopilot\.[A-Z][A-Za-z]+\.[A-Z][A-Za-z]+$/);
      expect(EVENT_CATALOG[type].source).toMatch(/^\/autopilot\/[a-zA-Z]+$/);
    }
  });
});

describe('event ids', () => {
  it('are stable per fact: same type, subject (any case) and fact → same id; anything else → another', () => {
    const id = eventId('Autopilot.Rpo.Breached', ID, '2026-11-21T04:00:00.000Z');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(eventId('Autopilot.Rpo.Breached', ID.toUpperCase(), '2026-11-21T04:00:00.000Z')).toBe(id);
    expect(eventId('Autopilot.Rpo.AtRisk', ID, '2026-11-21T04:00:00.000Z')).not.toBe(id);
    expect(eventId('Autopilot.Rpo.Breached', `${ID}x`, '2026-11-21T04:00:00.000Z')).not.toBe(id);
    expect(eventId('Autopilot.Rpo.Breached', ID, '2026-11-21T08:00:00.000Z')).not.toBe(id);
  });

  it('do not depend on when the change was noticed: two ticks computing the same breach agree', () => {
    const a = rpoEvent({ subject: ID, change: 'breached', previous: 'ok' }, observed, T);
    const b = rpoEvent(
      { subject: ID, change: 'breached', previous: 'at-risk' },
      { ...observed, ageSeconds: 22_500 },
      new Date(T.getTime() + 900_000),
    );
    expect(b.id).toBe(a.id);
  });

  it('fall back to the tick time when there is no restorable point (a blob source with none)', () => {
    const none = { ...observed, latestRecoveryPoint: null, ageSeconds: null };
    const a = rpoEvent({ subject: ID, change: 'breached', previous: null }, none, T);
    expect(a.id).toBe(eventId('Autopilot.Rpo.Breached', ID, T.toISOString()));
  });
});

describe('buildEvent / parseCloudEvent', () => {
  const changes: [RpoChange, Observed['verdict'], string][] = [
    ['breached', 'breached', 'Autopilot.Rpo.Breached'],
    ['at-risk', 'at-risk', 'Autopilot.Rpo.AtRisk'],
    ['recovered', 'ok', 'Autopilot.Rpo.Recovered'],
  ];
  it.each(changes)('a %s change is a valid %s… event and reads back unchanged', (change, verdict, type) => {
    const event = rpoEvent({ subject: ID, change, previous: 'ok' }, { ...observed, verdict }, T);
    expect(event).toMatchObject({
      specversion: '1.0',
      type,
      source: '/autopilot/rpoCheckTimer',
      subject: ID,
      time: '2026-11-21T10:00:00.000Z',
      datacontenttype: 'application/json',
      data: { verdict, previousVerdict: 'ok', kind: 'backupInstance', name: 'aks-prod', vault: 'bv' },
    });
    expect(parseCloudEvent(JSON.parse(JSON.stringify(event)))).toEqual({ value: event });
    expect(parseCloudEvent(JSON.stringify(event))).toEqual({ value: event });
  });

  it('builds blob-source events with a blob:// subject and the location as cluster', () => {
    const [blob] = toObservations({ instances: [] }, [
      {
        id: 'blob://velero-prod',
        name: 'velero-prod',
        kind: 'velero',
        location: 'velero/backups/',
        targetRpo: 'PT24H',
        targetSource: 'blob-source',
        latestRecoveryPoint: null,
        ageSeconds: null,
        verdict: 'breached',
        reason: 'no completed backup',
        artifact: null,
      },
    ]);
    const e = rpoEvent({ subject: blob!.subject, change: 'breached', previous: null }, blob!, T);
    expect(e.subject).toBe('blob://velero-prod');
    expect(e.data).toMatchObject({ kind: 'blobSource', vault: null, cluster: 'velero/backups/' });
    expect('value' in parseCloudEvent(e)).toBe(true);
  });

  const good = (): Record<string, unknown> =>
    JSON.parse(
      JSON.stringify(
        buildEvent('Autopilot.Rpo.Breached', {
          subject: ID,
          time: T,
          factKey: 'k',
          data: { ...observed, verdict: 'breached', previousVerdict: null },
        }),
      ),
    ) as Record<string, unknown>;
  const broken: [string, (e: Record<string, unknown>) => unknown, RegExp][] = [
    ['not JSON', () => '{', /^event: not JSON/],
    ['an array', (e) => [e], /^event: must be one JSON object/],
    ['specversion 0.3', (e) => ({ ...e, specversion: '0.3' }), /^specversion: /],
    ['no id', (e) => ({ ...e, id: undefined }), /^id: required/],
    ['blank source', (e) => ({ ...e, source: ' ' }), /^source: required/],
    ['no subject', (e) => ({ ...e, subject: undefined }), /^subject: required/],
    [
      'an unknown type',
      (e) => ({ ...e, type: 'Autopilot.Rpo.Exploded' }),
      /^type: "Autopilot\.Rpo\.Exploded" is not an Autopilot event type/,
    ],
    ['a bad time', (e) => ({ ...e, time: 'yesterday' }), /^time: /],
    ['xml data', (e) => ({ ...e, datacontenttype: 'application/xml' }), /^datacontenttype: /],
    ['a verdict that does not fit the type', (e) => ({ ...e, data: { ...(e.data as object), verdict: 'ok' } }), /^data\.verdict: /],
    ['a fractional age', (e) => ({ ...e, data: { ...(e.data as object), ageSeconds: 1.5 } }), /^data\.ageSeconds: /],
    ['no data', (e) => ({ ...e, data: undefined }), /^data: /],
  ];
  it.each(broken)('names the field of an event with %s', (_what, mutate, message) => {
    const parsed = parseCloudEvent(mutate(good()));
    expect('error' in parsed && parsed.error).toMatch(message);
  });

  it('types the parsed event by its type', () => {
    const parsed = parseCloudEvent(good());
    if (!('value' in parsed)) throw new Error(parsed.error);
    const e: AutopilotCloudEvent = parsed.value;
    if (e.type === 'Autopilot.Rpo.Breached') expect(e.data.verdict).toBe('breached');
  });
});

describe('sources', () => {
  const data = {
    name: 'bi',
    vault: 'v',
    cluster: 'c',
    jobId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v/backupJobs/j',
    operation: 'Backup',
    trigger: 'scheduled',
    status: 'Failed',
    startTime: null,
    endTime: null,
    errorCode: 'X',
    errorMessage: null,
    isRetryable: null,
    isUserError: null,
    detector: 'log-analytics',
  } as const;
  it('stamps the detector that saw a job, and refuses a source the catalog does not list', () => {
    const fact = { subject: '/x', time: new Date('2026-11-21T00:00:00Z'), factKey: 'j', data };
    expect(buildEvent('Autopilot.Backup.JobFailed', fact).source).toBe('/autopilot/jobWatchTimer');
    expect(buildEvent('Autopilot.Backup.JobFailed', { ...fact, source: '/autopilot/jobLogsTimer' }).source).toBe('/autopilot/jobLogsTimer');
    expect(() => buildEvent('Autopilot.Backup.JobFailed', { ...fact, source: '/autopilot/rpoCheckTimer' })).toThrow(/not published from/);
    // Same fact seen by two detectors: same id, so consumers drop the second.
    expect(buildEvent('Autopilot.Backup.JobFailed', { ...fact, source: '/autopilot/alertIngest' }).id).toBe(
      buildEvent('Autopilot.Backup.JobFailed', fact).id,
    );
  });
});

describe('parseCloudEvent, strictly per CloudEvents 1.0 and the catalog', () => {
  const SUB = '11111111-1111-1111-1111-111111111111';
  const INSTANCE = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/bv/backupInstances/aks-prod`;
  const failed = (): Record<string, unknown> =>
    JSON.parse(
      JSON.stringify(
        buildEvent('Autopilot.Backup.JobFailed', {
          subject: INSTANCE,
          time: T,
          factKey: 'j',
          data: {
            name: 'aks-prod',
            vault: 'bv',
            cluster: null,
            jobId: INSTANCE.replace(/backupInstances\/.*/, 'backupJobs/j'),
            operation: 'Backup',
            trigger: 'scheduled',
            status: 'Failed',
            startTime: null,
            endTime: null,
            errorCode: 'X',
            errorMessage: null,
            isRetryable: null,
            isUserError: null,
            detector: 'resource-graph',
          },
        }),
      ),
    ) as Record<string, unknown>;
  const watched = { watchedSubscriptions: [SUB] };
  const errorOf = (e: unknown, options: ParseOptions = watched) => {
    const parsed = parseCloudEvent(e, options);
    return 'error' in parsed ? parsed.error : undefined;
  };

  it('accepts a well-formed event of a watched subscription', () => expect(errorOf(failed())).toBeUndefined());

  it.each([
    ['a source that is not a URI-reference', { source: 'not a uri' }, /^source: must be a URI-reference/],
    ['a source with a bad scheme', { source: '1http://x' }, /^source: /],
    ['a source with a broken percent-escape', { source: '/autopilot/%zz' }, /^source: /],
    ['30 February', { time: '2026-02-30T00:00:00Z' }, /^time: .*real calendar date/],
    ['a time without offset', { time: '2026-11-21T10:00:00' }, /^time: /],
    ['no time', { time: undefined }, /^time: /],
    ['a subject that is not an ARM id', { subject: 'prod-orders' }, /^subject: must be the ARM id of a backup instance$/],
    ['a blob subject on a job event', { subject: 'blob://velero' }, /^subject: must be the ARM id of a backup instance/],
    ['a subject with a dot segment', { subject: INSTANCE.replace('/rg/', '/../') }, /^subject: .*dot segment/],
    ['a subject with a broken escape', { subject: `${INSTANCE}%zz` }, /^subject: .*broken percent-escape/],
    [
      'a subject in an unwatched subscription',
      { subject: INSTANCE.replace(SUB, '99999999-9999-9999-9999-999999999999') },
      /^subject: subscription 9+-.* is not watched/,
    ],
    ['an attribute name with capitals', { dataContentType: 'application/json' }, /^dataContentType: not a CloudEvents attribute name/],
    ['binary data', { data_base64: 'AAAA' }, /^data_base64: /],
    ['a dataschema that is not a URI', { dataschema: 'a b' }, /^dataschema: /],
    ['a job id with a dot segment', { data: { ...(failed().data as object), jobId: '..' } }, /^data\.jobId: /],
  ])('refuses %s', (_what, change, error) => expect(errorOf({ ...failed(), ...change })).toMatch(error));

  it('takes blob subjects for RPO changes only, with a source name', () => {
    const rpo = buildEvent('Autopilot.Rpo.Breached', {
      subject: 'blob://velero-prod',
      time: T,
      factKey: 'k',
      data: { ...observed, kind: 'blobSource', vault: null, verdict: 'breached', previousVerdict: null },
    });
    expect(errorOf(JSON.parse(JSON.stringify(rpo)))).toBeUndefined();
    expect(errorOf({ ...JSON.parse(JSON.stringify(rpo)), subject: 'blob://../x' })).toMatch(/^subject: must be blob:\/\/<source name>/);
  });

  it('checks subscriptions only when told which are watched', () =>
    expect(errorOf({ ...failed(), subject: INSTANCE.replace(SUB, 'other') }, {})).toBeUndefined());
});
