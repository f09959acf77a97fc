// What the Teams cards tell a person (shared/domain/cards/): the header's colour and line, the facts, the recent failed
// jobs, the links, and for a digest the counts and one line per incident. The card's validity and size are checked in
// card.test.ts; here, the facts.
import { describe, expect, it } from 'vitest';
import { digestMessage } from '../../shared/domain/cards/digestCard.js';
import { andMore, byteSize, fitCount, type CardElement, type TeamsMessage } from '../../shared/domain/cards/envelope.js';
import { incidentCard, incidentMessage } from '../../shared/domain/cards/incidentCard.js';
import type { MessageKind, OutboxEntry } from '../../shared/domain/incidents/book.js';
import type { Incident, Severity } from '../../shared/domain/incidents/types.js';
import { factRows } from '../../shared/domain/notify/present.js';
import { sampleEntry, sampleIncident, SUBJECT } from './incidentFixtures.js';
import { markdownLiteral } from '../../shared/domain/notify/inertText.js';

const PORTAL = 'https://portal.azure.com';
const VAULT_ID = SUBJECT.replace(/\/backupInstances\/.*/, '');
const body = (m: TeamsMessage) => m.attachments[0].content.body;
const header = (m: TeamsMessage) => body(m)[0] as { style: string; items: { text: string; color?: string }[] };
const blockTexts = (elements: readonly CardElement[]) =>
  elements.filter((e) => e.type === 'TextBlock').map((e) => (e as { text: string }).text);
const withJobs = (n: number, over: Partial<Incident> = {}) =>
  sampleIncident({
    ...over,
    facts: { ...sampleIncident().facts, failedJobs: Array.from({ length: n }, (_, k) => `${VAULT_ID}/backupJobs/job-${k}`) },
  });

describe('incident card', () => {
  it.each<[Severity, MessageKind, string, string, string]>([
    ['critical', 'opened', 'attention', 'Attention', 'Critical · aks-prod / bv-prod'],
    ['error', 'updated', 'attention', 'Attention', 'Error · aks-prod / bv-prod'],
    ['warning', 'reminder', 'warning', 'Warning', 'Warning · aks-prod / bv-prod'],
    ['critical', 'resolved', 'good', 'Good', 'Resolved · aks-prod / bv-prod'],
    ['warning', 'resolved', 'good', 'Good', 'Resolved · aks-prod / bv-prod'],
  ])('a %s incident, %s: header %s, title %s, subtitle %j', (severity, message, style, color, subtitle) => {
    const h = header(incidentMessage(sampleIncident({ severity }), message, PORTAL));
    expect(h.style).toBe(style);
    expect(h.items.map((t) => t.text)).toEqual([incidentMessage(sampleIncident({ severity }), message, PORTAL).summary, subtitle]);
    expect(h.items[0]?.color).toBe(color);
  });

  it('a subject with neither cluster nor vault has just the severity under the title', () => {
    const i = sampleIncident({ facts: { ...sampleIncident().facts, cluster: null, vault: null } });
    expect(header(incidentMessage(i, 'opened', PORTAL)).items[1]?.text).toBe('Critical');
  });

  it('leads with the summary, or for a resolution with its reason, then the fact rows', () => {
    const open = body(incidentMessage(sampleIncident(), 'opened', PORTAL));
    expect((open[1] as { text: string }).text).toBe(sampleIncident().facts.summary);
    const resolved = sampleIncident({ state: 'resolved', resolution: 'a backup job completed' });
    const r = body(incidentMessage(resolved, 'resolved', PORTAL));
    expect((r[1] as { text: string }).text).toBe('a backup job completed');
    expect(r[2]).toEqual({
      type: 'FactSet',
      facts: factRows(resolved, 'resolved').map(([title, value]) => ({ title: markdownLiteral(title), value: markdownLiteral(value) })),
    });
    const noReason = sampleIncident({ state: 'resolved', resolution: null });
    expect((body(incidentMessage(noReason, 'resolved', PORTAL))[1] as { text: string }).text).toBe(noReason.facts.summary);
  });

  it('lists recent failed jobs by name only when there is more than one', () => {
    expect(body(incidentMessage(withJobs(1), 'updated', PORTAL))).toHaveLength(3);
    const texts = blockTexts(body(incidentMessage(withJobs(3), 'updated', PORTAL)));
    expect(texts.slice(-4)).toEqual(['Recent failed jobs', 'job-0', 'job-1', 'job-2']);
  });

  it('shows as many jobs as asked, then "and N more"', () => {
    const texts = blockTexts(incidentCard(withJobs(5), 'updated', PORTAL, 2).body);
    expect(texts.slice(-4)).toEqual(['Recent failed jobs', 'job-0', 'job-1', 'and 3 more']);
  });

  it('offers the portal pages as actions, and no action list when there is none', () => {
    expect(incidentMessage(sampleIncident(), 'opened', PORTAL).attachments[0].content.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open backup instance', url: `${PORTAL}/#@/resource${SUBJECT}` },
      { type: 'Action.OpenUrl', title: 'Open backup job', url: `${PORTAL}/#@/resource${VAULT_ID}/backupJobs/job-7` },
    ]);
    const blob = sampleIncident({ subject: 'blob://velero-prod', facts: { ...sampleIncident().facts, jobId: null } });
    expect(incidentMessage(blob, 'opened', PORTAL).attachments[0].content).not.toHaveProperty('actions');
  });

  it('wraps every text block, so a long error is read in full rather than cut at the card’s edge', () => {
    const all = (v: unknown): Record<string, unknown>[] =>
      Array.isArray(v)
        ? v.flatMap(all)
        : v && typeof v === 'object'
          ? [v as Record<string, unknown>, ...Object.values(v).flatMap(all)]
          : [];
    const blocks = all(incidentMessage(withJobs(3), 'opened', PORTAL)).filter((e) => e.type === 'TextBlock');
    expect(blocks.length).toBeGreaterThan(5);
    for (const b of blocks) expect(b.wrap, String(b.text)).toBe(true);
  });

  it('the Teams notification preview is the headline', () => {
    expect(incidentMessage(sampleIncident(), 'reminder', PORTAL).summary).toBe('Still open: RPO breached — orders');
  });
});

describe('digest card', () => {
  const entry = (n: number, message: MessageKind, severity: Severity, over: Partial<Incident['facts']> = {}): OutboxEntry =>
    sampleEntry({
      id: `e${n}`,
      channel: 'teams',
      message,
      incident: sampleIncident({ severity, facts: { ...sampleIncident().facts, name: `app-${n}`, ...over } }),
    });
  const lines = (m: TeamsMessage) =>
    body(m)
      .filter((e) => e.type === 'RichTextBlock')
      .map((e) => (e as { inlines: { text: string }[] }).inlines.map((r) => r.text).join(''));

  it('one line per incident: headline · severity (or Resolved) · where', () => {
    const m = digestMessage([
      entry(1, 'opened', 'error'),
      entry(2, 'resolved', 'critical'),
      entry(3, 'updated', 'warning', { cluster: null, vault: null }),
    ]);
    expect(lines(m)).toEqual([
      'RPO breached — app-1 · Error · aks-prod / bv-prod',
      'Resolved: RPO breached — app-2 · Resolved · aks-prod / bv-prod',
      'Updated: RPO breached — app-3 · Warning',
    ]);
    expect(header(m).items[0]?.text).toBe(markdownLiteral('3 incident updates (2 open, 1 resolved)'));
  });

  it.each<[string, OutboxEntry[], string]>([
    ['an open error', [entry(1, 'opened', 'warning'), entry(2, 'opened', 'error')], 'attention'],
    ['an open critical', [entry(1, 'reminder', 'critical')], 'attention'],
    ['only warnings', [entry(1, 'opened', 'warning'), entry(2, 'updated', 'warning')], 'warning'],
    ['a critical that is resolved, and warnings', [entry(1, 'resolved', 'critical'), entry(2, 'opened', 'warning')], 'warning'],
  ])('is styled by the worst open incident: %s → %s', (_what, entries, style) => expect(header(digestMessage(entries)).style).toBe(style));
});

describe('fitting a card to the size budget', () => {
  it('finds the largest count that fits, rebuilding only log2(total) times', () => {
    let builds = 0;
    const build = (n: number) => {
      builds++;
      return 'x'.repeat(n * 10);
    };
    // JSON adds two quote characters: n items take 10n + 2 bytes.
    expect(fitCount(1_000, build, 502).n).toBe(50);
    expect(builds).toBeLessThanOrEqual(12);
    expect(fitCount(1_000, build, 501).n).toBe(49);
    expect(fitCount(10, build, 10_000)).toEqual({ n: 10, value: 'x'.repeat(100) });
    expect(fitCount(10, build, 1).n).toBe(0);
    expect(fitCount(0, build, 1)).toEqual({ n: 0, value: '' });
  });

  it('counts bytes as UTF-8', () => {
    expect(byteSize('é')).toBe(4);
    expect(byteSize({ a: 1 })).toBe(7);
  });

  it('says "and N more" only under a list that was cut', () => {
    expect(andMore(3, 3)).toEqual([]);
    expect(andMore(4, 3)).toEqual([]);
    expect(blockTexts(andMore(2, 3))).toEqual(['and 1 more']);
  });
});
