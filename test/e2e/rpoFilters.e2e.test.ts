// /api/rpo over real HTTP against the default scenario: every target source, every verdict, the HTML page, the
// filters and their 400s, and what the fleet check costs in ARM calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../sandbox/localStack.js';
import type { RpoReport } from '../../shared/usecases/rpo/rpoReport.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ port: 0, timers: 'manual', log: () => undefined });
});
afterAll(() => stack?.close());

const get = (query = '', accept = 'application/json'): Promise<Response> => fetch(`${stack.url}/api/rpo${query}`, { headers: { accept } });
const report = async (query = ''): Promise<RpoReport> => {
  const res = await get(query);
  expect(res.status).toBe(200);
  return (await res.json()) as RpoReport;
};

/** The default scenario's instances: verdict, and where each target comes from (sandbox/scenarios/README.md). */
const EXPECTED: Record<string, [verdict: string, source: string, target: string | null]> = {
  'prod-weu-shop': ['ok', 'instance-tag', 'PT2H'],
  'prod-weu-payments': ['at-risk', 'instance-tag', 'PT5H'],
  'prod-weu-catalog': ['at-risk', 'instance-tag', 'P1D'],
  'prod-weu-orders': ['breached', 'cluster-tag', 'PT15M'],
  'stage-weu-shop': ['unknown', 'policy-schedule', 'P1DT1H'],
  'stage-weu-payments': ['unknown', 'policy-schedule', 'PT5H'],
  'stage-weu-legacy': ['unknown', 'default', 'P1D'],
  'prod-neu-shop': ['ok', 'policy-schedule', 'PT5H'],
  'prod-neu-search': ['breached', 'policy-schedule', 'PT13H'],
  'dev-weu-sandbox': ['unknown', 'cluster-tag', 'P1D'],
  'dev-weu-shop': ['ok', 'instance-tag', null],
};

describe('targets and verdicts of the default scenario', () => {
  it('gives each instance its intended verdict, target and target source', async () => {
    const r = await report();
    expect(Object.fromEntries(r.instances.map((i) => [i.name, [i.verdict, i.targetSource, i.targetRpo]]))).toEqual(EXPECTED);
  });

  it('explains tags, the malformed one, the unreadable policy and the Development tier', async () => {
    const by = Object.fromEntries((await report()).instances.map((i) => [i.name, i]));
    expect(by['prod-weu-shop']?.targetDetail).toBe('instance tag rpo=PT2H');
    expect(by['prod-weu-catalog']?.targetDetail).toBe('instance tag backup-tier=Standard (P1D)');
    expect(by['prod-weu-orders']?.targetDetail).toBe('cluster tag backup-tier=Critical (PT15M)');
    expect(by['prod-neu-search']?.targetDetail).toBe(
      'BackupHourly every PT12H + PT1H grace; ignored: instance tag rpo="13 hours" is not a positive ISO 8601 duration such as PT4H',
    );
    expect(by['stage-weu-legacy']?.targetDetail).toBe('default target (policy aks-legacy-4h could not be read (403 AuthorizationFailed))');
    expect(by['dev-weu-shop']).toMatchObject({
      reason: 'no RPO target: instance tag backup-tier=Development (not judged)',
      ageSeconds: expect.any(Number) as unknown,
    });
  });

  it('settles most verdicts from Resource Graph and reads recovery points only where it must', async () => {
    stack.estate!.control.resetRequests();
    const r = await report();
    const sent = stack.estate!.control.requests.entries((q) => q.service === 'arm' || q.service === 'resourceGraph');
    expect(r.armCalls).toBe(sent.length);
    expect(sent.filter((q) => q.service === 'resourceGraph')).toHaveLength(4);
    // The cross-check of Resource Graph's answer: one list per subscription (2) and per vault (3), whatever the size.
    const lists = sent.filter((q) => /\/(backupVaults|backupInstances)$/i.test(q.path));
    expect(lists).toHaveLength(5);
    expect(r.armCalls - lists.length).toBeLessThan(r.summary.total);
    const confirmed = r.instances.filter((i) => i.evidence === 'recovery-points').map((i) => i.name);
    expect(confirmed).toEqual(['stage-weu-shop']); // never backed up: nothing in Resource Graph to go on
    expect(sent.filter((q) => q.path.endsWith('/recoveryPoints')).every((q) => q.path.includes('/stage-weu-shop/'))).toBe(true);
  });
});

describe('the HTML page', () => {
  it('is served to browsers, self-contained, with every instance, verdict colours and the summary', async () => {
    const res = await get('', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);
    for (const name of Object.keys(EXPECTED)) expect(html).toContain(`>${name}</span>`);
    for (const verdict of ['ok', 'at-risk', 'breached', 'unknown']) expect(html).toContain(`<tr class="v-${verdict}">`);
    for (const source of ['instance-tag', 'cluster-tag', 'policy-schedule', 'default']) expect(html).toContain(`<small>${source}: `);
    expect(html).toContain('<li class="v-breached">breached<b>2</b></li>');
    expect(html).toMatch(/Generated <time datetime="\d{4}-\d{2}-\d{2}T[\d:.]+Z">/);
    expect(html).toContain('instance tag rpo=&#34;13 hours&#34;'); // escaped
  });

  it('applies the filters too', async () => {
    const html = await (await get('?verdict=breached', 'text/html')).text();
    expect(html).toContain('filtered by verdict breached');
    expect(html).toContain('>prod-weu-orders</span>');
    expect(html).not.toContain('>prod-weu-shop</span>');
  });

  it('keeps JSON for curl and programs', async () =>
    expect((await get('', '*/*')).headers.get('content-type')).toMatch(/^application\/json/));
});

describe('filters', () => {
  const names = async (query: string): Promise<string[]> => {
    const r = await report(query);
    expect(r.summary.total).toBe(r.instances.length);
    return r.instances.map((i) => i.name).sort();
  };

  it('by cluster name or ARM id, case-insensitively', async () => {
    const cluster = stack.estate!.model.findCluster('aks-prod-neu')!;
    expect(await names('?cluster=aks-prod-neu')).toEqual(['prod-neu-search', 'prod-neu-shop']);
    expect(await names(`?cluster=${encodeURIComponent(cluster.id.toUpperCase())}`)).toEqual(['prod-neu-search', 'prod-neu-shop']);
  });

  it('by vault name or ARM id', async () => {
    const vault = stack.estate!.model.vaults().find((v) => v.name === 'bv-dev-weu')!;
    expect(await names('?vault=BV-DEV-WEU')).toEqual(['dev-weu-sandbox', 'dev-weu-shop']);
    expect(await names(`?vault=${encodeURIComponent(vault.id.toLowerCase())}`)).toEqual(['dev-weu-sandbox', 'dev-weu-shop']);
  });

  it('by verdict, one or several, combined with the others', async () => {
    expect(await names('?verdict=breached')).toEqual(['prod-neu-search', 'prod-weu-orders']);
    expect(await names('?verdict=at-risk,breached&vault=bv-prod-weu')).toEqual([
      'prod-weu-catalog',
      'prod-weu-orders',
      'prod-weu-payments',
    ]);
    expect(await names('?cluster=aks-stage-weu&verdict=ok')).toEqual([]);
    const r = await report('?verdict=unknown');
    expect(r.summary).toEqual({ total: 4, ok: 0, atRisk: 0, breached: 0, unknown: 4 });
  });

  it('of an unknown cluster or vault: an empty answer, not an error', async () => {
    expect(await names('?cluster=aks-nope')).toEqual([]);
    expect(await names('?vault=bv-nope')).toEqual([]);
  });

  it.each([
    ['?verdict=red', 'verdict'],
    ['?verdict=', 'verdict'],
    ['?cluster=a%20b', 'cluster'],
    ['?cluster=x&cluster=y', 'cluster'],
    ['?vault=%3Cscript%3E', 'vault'],
    ['?instance=x', 'instance'],
  ])('answers 400 naming the parameter for %s', async (query, parameter) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'InvalidParameter', parameter } });
  });
});
