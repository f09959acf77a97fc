// The monitor's settings: RPO_BLOB_SOURCES (a JSON array; problems named by their place), the state account, the
// timer schedule.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, SETTING_NAMES } from '../../shared/config/index.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const problems = (env: Record<string, string>): string[] => {
  try {
    parseConfig({ AZURE_SUBSCRIPTION_IDS: SUB, ...env });
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  return [];
};
const sources = (value: unknown): string[] => problems({ RPO_BLOB_SOURCES: JSON.stringify(value) });
const velero = { name: 'velero-prod', kind: 'velero', container: 'velero', targetRpo: 'PT24H' };

describe('RPO_BLOB_SOURCES', () => {
  it('defaults to none, and reads sources with their defaults', () => {
    expect(parseConfig({ AZURE_SUBSCRIPTION_IDS: SUB }).monitor.blobSources).toEqual([]);
    const c = parseConfig({
      AZURE_SUBSCRIPTION_IDS: SUB,
      RPO_BLOB_SOURCES: JSON.stringify([
        { ...velero, blobServiceUrl: 'https://acct.blob.core.windows.net/' },
        { name: 'pg-orders', kind: 'file', container: 'pgdump', prefix: 'orders/', pattern: '\\.sql\\.gz$', targetRpo: 'P1D' },
      ]),
    });
    expect(c.monitor.blobSources).toEqual([
      {
        name: 'velero-prod',
        kind: 'velero',
        serviceUrl: 'https://acct.blob.core.windows.net',
        container: 'velero',
        prefix: 'backups/',
        pattern: undefined,
        targetRpo: 'PT24H',
        targetMs: 86_400_000,
      },
      {
        name: 'pg-orders',
        kind: 'file',
        serviceUrl: undefined,
        container: 'pgdump',
        prefix: 'orders/',
        pattern: '\\.sql\\.gz$',
        targetRpo: 'P1D',
        targetMs: 86_400_000,
      },
    ]);
  });

  it.each([
    ['not JSON', '[{', /^RPO_BLOB_SOURCES: is not JSON/],
    ['not an array', JSON.stringify({ velero }), /^RPO_BLOB_SOURCES: \(list\): /],
  ])('names the setting when it is %s', (_what, value, message) => expect(problems({ RPO_BLOB_SOURCES: value })[0]).toMatch(message));

  it.each([
    [
      'a month target',
      [velero, { ...velero, name: 'b', targetRpo: 'P1M' }],
      /^RPO_BLOB_SOURCES: \[1\]\.targetRpo: must be a positive ISO 8601 duration/,
    ],
    ['a zero target', [{ ...velero, targetRpo: 'PT0S' }], /^RPO_BLOB_SOURCES: \[0\]\.targetRpo: /],
    ['an unknown kind', [{ ...velero, kind: 'restic' }], /^RPO_BLOB_SOURCES: \[0\]\.kind: /],
    [
      'a bad container name',
      [{ ...velero, container: 'Velero_Backups' }],
      /^RPO_BLOB_SOURCES: \[0\]\.container: must be a blob container name/,
    ],
    ['no name', [{ ...velero, name: undefined }], /^RPO_BLOB_SOURCES: \[0\]\.name: /],
    [
      'a bad pattern',
      [{ name: 'pg', kind: 'file', container: 'pgdump', pattern: '(', targetRpo: 'P1D' }],
      /^RPO_BLOB_SOURCES: \[0\]\.pattern: must be a valid regular expression/,
    ],
    ['a pattern on Velero', [{ ...velero, pattern: 'x' }], /^RPO_BLOB_SOURCES: \[0\]: .*pattern/],
    ['a misspelt field', [{ ...velero, targetRPO: 'P1D' }], /^RPO_BLOB_SOURCES: \[0\]/],
    [
      'plain http off loopback',
      [{ ...velero, blobServiceUrl: 'http://acct.example' }],
      /^RPO_BLOB_SOURCES: \[0\]\.blobServiceUrl: blobServiceUrl must be an https/,
    ],
    ['a name used twice', [velero, { ...velero, name: 'VELERO-prod' }], /^RPO_BLOB_SOURCES: \[1\]\.name: "VELERO-prod" is used twice/],
  ])('names the source field with %s', (_what, value, message) => expect(sources(value).join('\n')).toMatch(message));
});

describe('state and schedule settings', () => {
  it('defaults: container state, every 15 minutes, no state account yet', () => {
    const c = parseConfig({ AZURE_SUBSCRIPTION_IDS: SUB });
    expect(c.monitor.state).toEqual({ serviceUrl: undefined, connectionString: undefined, container: 'state' });
    expect(c.monitor.checkSchedule).toBe('0 */15 * * * *');
  });

  it('accepts NCRONTAB and TimeSpan schedules and names a bad one', () => {
    expect(parseConfig({ AZURE_SUBSCRIPTION_IDS: SUB, RPO_CHECK_SCHEDULE: '0 0 * * * *' }).monitor.checkSchedule).toBe('0 0 * * * *');
    expect(problems({ RPO_CHECK_SCHEDULE: '00:05:00' })).toEqual([]);
    expect(problems({ RPO_CHECK_SCHEDULE: 'every 15 minutes' })[0]).toMatch(/^RPO_CHECK_SCHEDULE: must be an NCRONTAB expression/);
  });

  it('takes a connection string only for the loopback emulator', () => {
    expect(problems({ STATE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' })).toEqual([]);
    expect(
      problems({
        STATE_STORAGE_CONNECTION_STRING: 'DefaultEndpointsProtocol=http;AccountName=a;AccountKey=k;BlobEndpoint=http://127.0.0.1:10000/a;',
      }),
    ).toEqual([]);
    expect(
      problems({
        STATE_STORAGE_CONNECTION_STRING:
          'DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=secret;EndpointSuffix=core.windows.net',
      })[0],
    ).toMatch(/^STATE_STORAGE_CONNECTION_STRING: is only for the local storage emulator/);
    expect(problems({ STATE_BLOB_SERVICE_URL: 'http://acct.blob.core.windows.net' })[0]).toMatch(/^STATE_BLOB_SERVICE_URL: /);
    expect(problems({ STATE_CONTAINER: 'State' })[0]).toMatch(/^STATE_CONTAINER: /);
  });

  it('lists every monitor setting for the parity test', () => {
    for (const name of [
      'STATE_BLOB_SERVICE_URL',
      'STATE_STORAGE_CONNECTION_STRING',
      'STATE_CONTAINER',
      'RPO_CHECK_SCHEDULE',
      'RPO_BLOB_SOURCES',
    ]) {
      expect(SETTING_NAMES).toContain(name);
    }
  });
});
