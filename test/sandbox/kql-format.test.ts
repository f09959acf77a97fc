// Wire formats of the two look-alike services, plus a timing print for a realistic table size.
import { describe, expect, it } from 'vitest';
import {
  Timespan,
  runKql,
  toLogAnalyticsJson,
  toResourceGraphObjects,
  type KqlResult,
  type KqlTableSource,
} from '../../sandbox/estate/kql/index.js';

const NOW = new Date('2026-11-21T12:00:00Z');
const printAll = (): KqlResult =>
  runKql(
    `print s = 'text', e = '', dt = datetime(2026-11-21T09:00:00Z), dtf = datetime(2026-11-21T09:00:00.125Z), l = 42, r = 2.5, b = true,
      ts1 = 1d, ts2 = 90m, ts3 = 1.5s, ts4 = -1h, ts5 = 1d + 2h + 3m + 4s, dyn = dynamic({"a":[1,"x"]}), dstr = dynamic({"k":"v"}).k,
      dnull = dynamic(null), lnull = long(null), dtnull = todatetime('nope'), g = toguid('A1B2C3D4-0000-0000-0000-000000000001'), i = toint(7)`,
    { tables: {}, now: NOW },
  );

describe('toLogAnalyticsJson', () => {
  it('renders one PrimaryResult table with Log Analytics column types and cell formats', () => {
    const json = toLogAnalyticsJson(printAll());
    expect(json.tables).toHaveLength(1);
    const [table] = json.tables;
    expect(table.name).toBe('PrimaryResult');
    expect(table.columns).toEqual([
      { name: 's', type: 'string' },
      { name: 'e', type: 'string' },
      { name: 'dt', type: 'datetime' },
      { name: 'dtf', type: 'datetime' },
      { name: 'l', type: 'long' },
      { name: 'r', type: 'real' },
      { name: 'b', type: 'bool' },
      { name: 'ts1', type: 'timespan' },
      { name: 'ts2', type: 'timespan' },
      { name: 'ts3', type: 'timespan' },
      { name: 'ts4', type: 'timespan' },
      { name: 'ts5', type: 'timespan' },
      { name: 'dyn', type: 'dynamic' },
      { name: 'dstr', type: 'dynamic' },
      { name: 'dnull', type: 'dynamic' },
      { name: 'lnull', type: 'long' },
      { name: 'dtnull', type: 'datetime' },
      { name: 'g', type: 'guid' },
      { name: 'i', type: 'int' },
    ]);
    expect(table.rows).toEqual([
      [
        'text',
        '',
        '2026-11-21T09:00:00Z',
        '2026-11-21T09:00:00.125Z',
        42,
        2.5,
        true,
        '1.00:00:00',
        '01:30:00',
        '00:00:01.5000000',
        '-01:00:00',
        '1.02:03:04',
        '{"a":[1,"x"]}',
        '"v"',
        null,
        null,
        null,
        'a1b2c3d4-0000-0000-0000-000000000001',
        7,
      ],
    ]);
    // The whole payload must survive JSON (what the HTTP layer sends).
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('renders dynamic cells so that JSON.parse (what the SDK does) gives back the value', () => {
    const src: KqlTableSource = { columns: { p: 'dynamic' }, rows: () => [{ p: { nested: { list: [1, 2] } } }, { p: 'plain' }, { p: 5 }] };
    const json = toLogAnalyticsJson(runKql('S', { tables: { S: src }, now: NOW }));
    expect(json.tables[0].rows.map((r) => JSON.parse(String(r[0])) as unknown)).toEqual([{ nested: { list: [1, 2] } }, 'plain', 5]);
  });
});

describe('toResourceGraphObjects', () => {
  it('keys each row by column name; datetimes become ISO strings, dynamic stays the same object', () => {
    const props = { provisioningState: 'Succeeded', powerState: { code: 'Running' } };
    const src: KqlTableSource = {
      columns: { id: 'string', properties: 'dynamic', created: 'datetime', count: 'long', ok: 'bool' },
      rows: () => [{ id: '/x', properties: props, created: new Date('2026-01-01T00:00:00Z'), count: 3, ok: true }],
    };
    const objects = toResourceGraphObjects(
      runKql('S | extend age = now() - created, missing = properties.nope', { tables: { S: src }, now: NOW }),
    );
    expect(objects).toEqual([
      { id: '/x', properties: props, created: '2026-01-01T00:00:00Z', count: 3, ok: true, age: '324.12:00:00', missing: null },
    ]);
    expect(objects[0]?.properties).toBe(props);
  });

  it('returns an empty array for no rows', () => {
    expect(toResourceGraphObjects({ columns: [{ name: 'a', type: 'string' }], rows: [] })).toEqual([]);
  });

  it('renders engine values held in a raw KqlResult', () => {
    const objects = toResourceGraphObjects({
      columns: [
        { name: 't', type: 'timespan' },
        { name: 'd', type: 'datetime' },
      ],
      rows: [[new Timespan(1500), null]],
    });
    expect(objects).toEqual([{ t: '00:00:01.5000000', d: null }]);
  });
});

describe('performance', () => {
  it('filters and summarizes arg_max over 50,000 rows quickly (timing printed, not asserted)', () => {
    const base = NOW.getTime();
    const rows = Array.from({ length: 50_000 }, (_, i) => ({
      TimeGenerated: new Date(base - (i % 4000) * 60_000),
      JobUniqueId: `job-${i % 5000}`,
      JobStatus: i % 7 === 0 ? 'Failed' : 'Completed',
      JobOperation: i % 10 === 0 ? 'Restore' : 'Backup',
      DatasourceType: 'Microsoft.ContainerService/managedClusters',
      JobDurationInSecs: i % 3600,
    }));
    const table: KqlTableSource = {
      columns: {
        TimeGenerated: 'datetime',
        JobUniqueId: 'string',
        JobStatus: 'string',
        JobOperation: 'string',
        DatasourceType: 'string',
        JobDurationInSecs: 'real',
      },
      rows: () => rows,
    };
    const query = `AddonAzureBackupJobs
| where TimeGenerated > ago(30d)
| where DatasourceType =~ "Microsoft.ContainerService/managedClusters" and JobOperation == "Backup"
| summarize arg_max(TimeGenerated, *) by JobUniqueId`;
    const env = { tables: { AddonAzureBackupJobs: table }, now: NOW };
    runKql(query, env); // warm-up (JIT)
    const started = performance.now();
    const result = runKql(query, env);
    const elapsed = performance.now() - started;
    console.log(`KQL perf: where + summarize arg_max over 50,000 rows took ${elapsed.toFixed(1)} ms`);
    // Jobs with i % 10 === 0 are restores; job ids repeat every 5000 rows, so ids ending in 0 never see a backup.
    expect(result.rows).toHaveLength(4500);
    expect(result.columns[0]?.name).toBe('JobUniqueId');
  });
});
