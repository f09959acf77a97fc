import { describe, expect, it } from 'vitest';
import { parseRpoQuery } from '../../shared/http/rpoQuery.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const BI = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/bv/backupInstances/bi`;
const parse = (qs: string) => parseRpoQuery(new URLSearchParams(qs), [SUB]);
const error = (qs: string) => {
  const r = parse(qs);
  if (!('response' in r)) throw new Error('expected a 400');
  expect(r.response.status).toBe(400);
  return (r.response.jsonBody as { error: { parameter: string; message: string } }).error;
};

describe('parseRpoQuery', () => {
  it('means the whole fleet without parameters', () => expect(parse('')).toEqual({ value: {} }));
  it('accepts one instance id', () => expect(parse(`instance=${encodeURIComponent(BI)}`)).toEqual({ value: { instanceId: BI } }));
  it('rejects an empty instance', () => expect(error('instance=').message).toContain('empty'));
  it('rejects a name instead of an id', () => expect(error('instance=bi')).toMatchObject({ parameter: 'instance' }));
  it('rejects a vault id', () =>
    expect(error(`instance=${encodeURIComponent(BI.replace(/\/backupInstances\/bi$/, ''))}`).message).toContain('backup instance ARM id'));
  it('rejects two instances', () =>
    expect(error(`instance=${encodeURIComponent(BI)}&instance=${encodeURIComponent(BI)}`).message).toContain('at most one'));
  it('rejects an unwatched subscription', () =>
    expect(error(`instance=${encodeURIComponent(BI.replace(SUB, '99999999-9999-9999-9999-999999999999'))}`).message).toContain(
      'AZURE_SUBSCRIPTION_IDS',
    ));
});
