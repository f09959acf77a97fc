import { beforeEach, describe, expect, it } from 'vitest';
import { esc, humanAge, renderRpoHtml } from '../../shared/http/rpoHtml.js';
import { prefersHtml, rpoErrorResponse, rpoResponse } from '../../shared/http/rpoResponse.js';
import { InstanceNotFoundError, type RpoInstanceReport, type RpoReport } from '../../shared/usecases/rpo/rpoReport.js';

const line = (over: Partial<RpoInstanceReport>): RpoInstanceReport => ({
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/bv/backupInstances/bi',
  name: 'bi',
  vault: 'bv',
  cluster: 'aks',
  targetRpo: 'PT5H',
  targetSource: 'policy-schedule',
  targetDetail: 'BackupHourly every PT4H + PT1H grace',
  latestRecoveryPoint: '2026-11-21T08:00:00.000Z',
  ageSeconds: 7200,
  verdict: 'ok',
  reason: 'newest recovery point is PT2H old, within the PT5H target',
  protectionState: 'ProtectionConfigured',
  evidence: 'resource-graph',
  evidenceDetail: 'newest completed backup job in Resource Graph',
  ...over,
});
const report = (instances: RpoInstanceReport[], over: Partial<RpoReport> = {}): RpoReport => ({
  generatedAt: '2026-11-21T10:00:00.000Z',
  summary: {
    total: instances.length,
    ok: instances.filter((i) => i.verdict === 'ok').length,
    atRisk: instances.filter((i) => i.verdict === 'at-risk').length,
    breached: instances.filter((i) => i.verdict === 'breached').length,
    unknown: instances.filter((i) => i.verdict === 'unknown').length,
  },
  instances,
  armCalls: 6,
  warnings: [],
  ...over,
});

describe('renderRpoHtml', () => {
  // Rendered in each test rather than at collection, so mutation testing can tell which tests reach which code.
  let page: string;
  beforeEach(() => {
    page = renderRpoHtml(
      report([
        line({ name: 'fine' }),
        line({ name: 'late', verdict: 'breached', reason: 'over <b>target</b> & "late"' }),
        line({ name: 'dev', verdict: 'ok', targetRpo: null, targetSource: 'instance-tag', latestRecoveryPoint: null, ageSeconds: null }),
        line({ name: 'risky', verdict: 'at-risk' }),
      ]),
      { vault: 'bv', verdicts: ['ok', 'breached'] },
    );
  });

  it('is a self-contained page: no scripts, no external assets', () => {
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).not.toMatch(/<script|<link|src=|url\(|@import/i);
  });
  it('escapes every value', () => {
    expect(page).toContain('over &#60;b&#62;target&#60;/b&#62; &#38; &#34;late&#34;');
    expect(page).not.toContain('<b>target</b>');
  });
  it('shows the summary, the generated time, ARM calls and the filters', () => {
    expect(page).toContain('<li class="v-breached">breached<b>1</b></li>');
    expect(page).toContain('<li class="v-ok">ok<b>2</b></li>');
    expect(page).toContain('<time datetime="2026-11-21T10:00:00.000Z">');
    expect(page).toContain('6 ARM calls');
    expect(page).toContain('filtered by vault bv; verdict ok, breached');
  });
  it('colours rows by verdict, worst first', () => {
    const order = [...page.matchAll(/<tr class="v-([a-z-]+)">.*?<td><span title="[^"]*">([^<]+)</g)].map((m) => `${m[1]}:${m[2]}`);
    expect(order).toEqual(['breached:late', 'at-risk:risky', 'ok:dev', 'ok:fine']);
    expect(page).toMatch(/\.v-breached \.badge[^{]*\{background:#ffebe9/);
  });
  it('shows "none" for no target and dashes for no point', () => {
    expect(page).toContain('<td>none<small>instance-tag: ');
    expect(page).toContain('<td>—</td><td>—</td>');
  });
  it('shows warnings', () =>
    expect(renderRpoHtml(report([], { warnings: ['Resource Graph <down>'] }))).toContain(
      '<p class="warn">Resource Graph &#60;down&#62;</p>',
    ));
});

describe('humanAge', () => {
  it.each([
    [0, '0 s'],
    [59, '59 s'],
    [60, '1 min'],
    [7069, '1 h 57 min'],
    [90_000, '1 d 1 h'],
  ])('%s s → %s', (s, text) => expect(humanAge(s)).toBe(text));
});

describe('esc', () =>
  it('escapes the five HTML specials', () => expect(esc(`<a href="x">&'`)).toBe('&#60;a href=&#34;x&#34;&#62;&#38;&#39;')));

describe('content negotiation', () => {
  it.each([
    [null, false],
    ['*/*', false],
    ['application/json', false],
    ['text/html', true],
    ['text/*', true],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
    ['application/json, text/html;q=0.5', false],
    ['text/html;q=0.9, application/json', false],
    ['text/html;q=0', false],
    ['TEXT/HTML', true],
  ] as const)('Accept %j → HTML %s', (accept, html) => expect(prefersHtml(accept)).toBe(html));

  it('answers JSON by default and HTML for browsers', () => {
    const r = report([line({})]);
    expect(rpoResponse(r, {}, '*/*')).toEqual({ status: 200, jsonBody: r });
    const html = rpoResponse(r, {}, 'text/html');
    expect(html.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8' });
    expect(html.body).toContain('<table>');
  });

  it('maps an unknown instance to 404 and nothing else', () => {
    expect(rpoErrorResponse(new InstanceNotFoundError('gone'))).toEqual({
      status: 404,
      jsonBody: { error: { code: 'InstanceNotFound', parameter: 'instance', message: 'gone' } },
    });
    expect(rpoErrorResponse(new Error('boom'))).toBeUndefined();
  });
});
