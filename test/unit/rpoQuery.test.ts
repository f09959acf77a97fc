import { describe, expect, it } from 'vitest';
import { parseRpoQuery } from '../../shared/http/rpoQuery.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const BI = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/bv/backupInstances/bi`;
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/bv`;
const CLUSTER = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-1`;
const parse = (qs: string) => parseRpoQuery(new URLSearchParams(qs), [SUB]);
const error = (qs: string) => {
  const r = parse(qs);
  if (!('response' in r)) throw new Error('expected a 400');
  expect(r.response.status).toBe(400);
  const body = r.response.jsonBody as { error: { code: string; parameter: string; message: string } };
  expect(body.error.code).toBe('InvalidParameter');
  return body.error;
};

describe('parseRpoQuery', () => {
  it('means the whole fleet without parameters', () => expect(parse('')).toEqual({ value: {} }));
  it('lets the function key pass (Azure reads it)', () => expect(parse('code=abc')).toEqual({ value: {} }));
  it('refuses parameters it does not know, naming them', () => {
    expect(error('clusters=aks-1')).toMatchObject({
      parameter: 'clusters',
      message: expect.stringContaining('unknown parameter "clusters"') as unknown,
    });
    expect(error('Instance=x&verdicts=ok').message).toContain('unknown parameters "Instance", "verdicts"');
  });
  it('takes the report’s own spelling atRisk as at-risk', () =>
    expect(parse('verdict=atRisk,at-risk,AtRisk')).toEqual({ value: { verdicts: ['at-risk'] } }));
  it.each(['__proto__', 'constructor', 'toString'])('refuses %s as a verdict without tripping over it', (v) =>
    expect(error(`verdict=${v}`).message).toContain(`"${v.toLowerCase()}" is not a verdict`),
  );
  it.each([
    ['a broken percent-escape', encodeURIComponent(`${BI.replace(/bi$/, '')}%zz`), 'broken percent-escape'],
    ['a dot segment', encodeURIComponent(BI.replace('/rg/', '/../')), 'dot segment'],
    ['an encoded dot segment', encodeURIComponent(BI.replace('/rg/', '/%2e%2e/')), 'dot segment'],
  ])('refuses an instance id with %s, naming instance', (_what, value, message) =>
    expect(error(`instance=${value}`)).toMatchObject({ parameter: 'instance', message: expect.stringContaining(message) as unknown }),
  );
  it('refuses a value longer than any ARM id', () => expect(error(`vault=${'v'.repeat(2049)}`).parameter).toBe('vault'));
  it('accepts one instance id', () => expect(parse(`instance=${encodeURIComponent(BI)}`)).toEqual({ value: { instanceId: BI } }));
  it('rejects an empty instance', () => expect(error('instance=').message).toContain('empty'));
  it('rejects a name instead of an id', () => expect(error('instance=bi')).toMatchObject({ parameter: 'instance' }));
  it('rejects a vault id as instance', () =>
    expect(error(`instance=${encodeURIComponent(VAULT)}`).message).toContain('backup instance ARM id'));
  it('rejects two instances', () =>
    expect(error(`instance=${encodeURIComponent(BI)}&instance=${encodeURIComponent(BI)}`).message).toContain('at most one'));
  it('rejects an unwatched subscription', () =>
    expect(error(`instance=${encodeURIComponent(BI.replace(SUB, '99999999-9999-9999-9999-999999999999'))}`).message).toContain(
      'AZURE_SUBSCRIPTION_IDS',
    ));

  it.each([
    ['cluster=aks-prod-weu', { cluster: 'aks-prod-weu' }],
    [`cluster=${encodeURIComponent(CLUSTER)}`, { cluster: CLUSTER }],
    [`cluster=${encodeURIComponent(CLUSTER.toLowerCase())}`, { cluster: CLUSTER.toLowerCase() }],
    ['vault=bv-prod-weu', { vault: 'bv-prod-weu' }],
    [`vault=${encodeURIComponent(VAULT)}`, { vault: VAULT }],
    ['verdict=breached', { verdicts: ['breached'] }],
    ['verdict=Breached,at-risk', { verdicts: ['breached', 'at-risk'] }],
    ['verdict=ok&verdict=unknown&verdict=ok', { verdicts: ['ok', 'unknown'] }],
    [
      `instance=${encodeURIComponent(BI)}&vault=bv&cluster=aks-1&verdict=ok`,
      { instanceId: BI, vault: 'bv', cluster: 'aks-1', verdicts: ['ok'] },
    ],
  ])('accepts %s', (qs, value) => expect(parse(qs)).toEqual({ value }));

  it.each([
    ['cluster=', 'cluster', 'empty'],
    ['cluster=a&cluster=b', 'cluster', 'at most one'],
    ['cluster=<script>', 'cluster', 'AKS cluster name or its ARM id'],
    [`cluster=${encodeURIComponent(VAULT)}`, 'cluster', 'AKS cluster name or its ARM id'],
    ['vault=', 'vault', 'empty'],
    ['vault=bv/../x', 'vault', 'backup vault name or its ARM id'],
    [`vault=${encodeURIComponent(CLUSTER)}`, 'vault', 'backup vault name or its ARM id'],
    ['verdict=', 'verdict', 'empty'],
    ['verdict=green', 'verdict', '"green" is not a verdict; use ok, at-risk, breached, unknown'],
    ['verdict=ok,', 'verdict', 'empty'],
    ['verdict=at_risk', 'verdict', '"at_risk" is not a verdict'],
  ])('rejects %s, naming %s', (qs, parameter, message) => {
    const e = error(qs);
    expect(e.parameter).toBe(parameter);
    expect(e.message).toContain(message);
  });
});
