import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../shared/domain/incidents/book.js';
import { DIGEST_MAX_ROWS, renderDigest, renderEmail, useDigest } from '../../shared/domain/notify/email.js';
import { sampleEntry, sampleIncident } from './incidentFixtures.js';

const entry = sampleEntry;

describe('incident email', () => {
  it('has a subject with severity, an HTML body and a plain-text twin', () => {
    const m = renderEmail(entry(), 'https://portal.azure.com');
    expect(m.subject).toBe('[Backup Autopilot] Critical: RPO breached — orders');
    expect(m.html).toContain('<table');
    expect(m.plainText).toContain('Cluster: aks-prod');
    expect(m.plainText).toContain('Open backup instance: https://portal.azure.com/#@/resource/subscriptions/');
  });

  it('escapes every value in the HTML', () => {
    const i = sampleIncident();
    const m = renderEmail(
      entry({ incident: { ...i, facts: { ...i.facts, errorMessage: '<script>alert("x")</script> & more' } } }),
      'https://p',
    );
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(m.plainText).toContain('<script>alert("x")</script> & more');
  });

  it('becomes one digest above the threshold, listing at most DIGEST_MAX_ROWS then "and N more"', () => {
    expect(useDigest(3, 3)).toBe(false);
    expect(useDigest(4, 3)).toBe(true);
    const many = Array.from({ length: DIGEST_MAX_ROWS + 7 }, (_, n) =>
      entry({ id: `e${n}`, incident: { ...sampleIncident(), facts: { ...sampleIncident().facts, name: `app-${n}` } } }),
    );
    const d = renderDigest(many, 'https://portal.azure.com');
    expect(d.subject).toBe(`[Backup Autopilot] ${DIGEST_MAX_ROWS + 7} incident updates (${DIGEST_MAX_ROWS + 7} open, 0 resolved)`);
    expect(d.plainText).toContain('and 7 more');
    expect(d.html).toContain('and 7 more');
    expect(d.plainText).not.toContain(`app-${DIGEST_MAX_ROWS}\b`);
  });
});

// What the HTML shows a reader: its text without tags, entities decoded, and where its links lead.
const decode = (s: string) =>
  s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] ?? e);
const visibleText = (html: string) => decode(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ');
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => decode(m[1]!));
const headingColour = (html: string) => /<h2 style="color:([^;"]*)/.exec(html)?.[1];
const PORTAL = 'https://portal.azure.com';

describe('incident email, fact by fact', () => {
  it.each([
    ['critical', 'Critical'],
    ['error', 'Error'],
    ['warning', 'Warning'],
  ] as const)('a %s incident says %s in the subject, whatever the message', (severity, label) => {
    for (const message of ['opened', 'updated', 'reminder', 'resolved'] as const) {
      const m = renderEmail(
        entry({ message, incident: sampleIncident({ severity, state: message === 'resolved' ? 'resolved' : 'open' }) }),
        PORTAL,
      );
      expect(m.subject.startsWith(`[Backup Autopilot] ${label}: `)).toBe(true);
    }
  });

  it('the plain text reads headline, summary, facts, then links, each block after a blank line', () => {
    const i = sampleIncident();
    expect(renderEmail(entry({ incident: i }), PORTAL).plainText.split('\n')).toEqual([
      'RPO breached — orders',
      '',
      'newest recovery point is PT12H28M53S old, over the PT15M target',
      '',
      'Status: breached',
      'Severity: Critical',
      'Cluster: aks-prod',
      'Vault: bv-prod',
      'Instance: orders',
      'Newest recovery point: 2026-11-20T23:02:11.000Z',
      'Age vs target: 12h 28m (target 15m)',
      'Job: job-7',
      'Error code: UserErrorExtensionMSIMissingPermissions',
      'Error message: The backup extension identity is missing permissions on the storage account.',
      'Re-runs used: 2 of 3',
      'Opened: 2026-11-21T09:00:00.000Z',
      '',
      `Open backup instance: ${PORTAL}/#@/resource${i.subject}`,
      `Open backup job: ${PORTAL}/#@/resource${i.facts.jobId}`,
    ]);
  });

  it('without a portal page to link, the text ends with the facts', () => {
    const i = sampleIncident({ subject: 'blob://velero-prod' });
    const m = renderEmail(entry({ incident: { ...i, facts: { ...i.facts, jobId: null } } }), PORTAL);
    expect(m.plainText.split('\n').at(-1)).toBe('Opened: 2026-11-21T09:00:00.000Z');
    expect(hrefs(m.html)).toEqual([]);
  });

  it('the HTML carries the same headline, summary, facts and links as the text', () => {
    const i = sampleIncident();
    const m = renderEmail(entry({ incident: i }), PORTAL);
    const text = visibleText(m.html);
    for (const line of m.plainText.split('\n').filter((l) => l !== '' && !l.startsWith('Open backup'))) {
      const [k, ...v] = line.split(': ');
      for (const part of [k!, v.join(': ')].filter(Boolean)) expect(text).toContain(part);
    }
    expect(/<title>([^<]*)<\/title>/.exec(m.html)?.[1]).toBe('RPO breached — orders');
    expect(hrefs(m.html)).toEqual([`${PORTAL}/#@/resource${i.subject}`, `${PORTAL}/#@/resource${i.facts.jobId}`]);
  });

  it('a resolution leads with its reason (or the last summary when none was recorded)', () => {
    const resolved = sampleIncident({ state: 'resolved', resolution: 'a backup job completed' });
    expect(renderEmail(entry({ message: 'resolved', incident: resolved }), PORTAL).plainText.split('\n')[2]).toBe('a backup job completed');
    const noReason = sampleIncident({ state: 'resolved', resolution: null });
    expect(renderEmail(entry({ message: 'resolved', incident: noReason }), PORTAL).plainText.split('\n')[2]).toBe(noReason.facts.summary);
    // Any other message leads with the incident's summary, even once a resolution is known.
    expect(renderEmail(entry({ message: 'reminder', incident: resolved }), PORTAL).plainText.split('\n')[2]).toBe(resolved.facts.summary);
  });

  it('the heading is coloured by severity, one colour per severity, and a resolution always the same other one', () => {
    const colour = (severity: 'critical' | 'error' | 'warning', message: 'opened' | 'resolved') =>
      headingColour(renderEmail(entry({ message, incident: sampleIncident({ severity }) }), PORTAL).html);
    const open = (['critical', 'error', 'warning'] as const).map((s) => colour(s, 'opened'));
    const resolved = (['critical', 'error', 'warning'] as const).map((s) => colour(s, 'resolved'));
    for (const c of [...open, ...resolved]) expect(c).toMatch(/^#[0-9a-f]{6}$/);
    expect(new Set(open).size).toBe(3);
    expect(new Set(resolved).size).toBe(1);
    expect(open).not.toContain(resolved[0]);
  });

  it.each([
    ['&', '&amp;'],
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['"', '&quot;'],
    ["'", '&#39;'],
  ])('escapes %s in every value as %s', (c, entity) => {
    const i = sampleIncident();
    const m = renderEmail(entry({ incident: { ...i, facts: { ...i.facts, name: `a${c}b`, summary: `s${c}t` } } }), PORTAL);
    expect(m.html).toContain(`a${entity}b`);
    expect(m.html).toContain(`s${entity}t`);
    expect(m.html).not.toContain(`a${c}b`);
  });
});

describe('digest email, line by line', () => {
  const named = (n: number, over: Partial<OutboxEntry> = {}) =>
    entry({ id: `e${n}`, incident: { ...sampleIncident(), facts: { ...sampleIncident().facts, name: `app-${n}` } }, ...over });

  it('counts open and resolved messages, and lists each as headline [severity] where: why', () => {
    const resolved = named(2, { message: 'resolved' });
    const d = renderDigest([named(1), resolved, named(3, { message: 'reminder' })], PORTAL);
    expect(d.subject).toBe('[Backup Autopilot] 3 incident updates (2 open, 1 resolved)');
    const summary = sampleIncident().facts.summary;
    expect(d.plainText.split('\n')).toEqual([
      d.subject,
      '',
      `- RPO breached — app-1 [Critical] aks-prod / bv-prod: ${summary}`,
      `- Resolved: RPO breached — app-2 [Critical] aks-prod / bv-prod: ${summary}`,
      `- Still open: RPO breached — app-3 [Critical] aks-prod / bv-prod: ${summary}`,
    ]);
    // The heading drops the mail-client prefix the subject carries.
    expect(/<h2[^>]*>([^<]*)<\/h2>/.exec(d.html)?.[1]).toBe('3 incident updates (2 open, 1 resolved)');
  });

  it('links each line to its backup instance, and a blob source without a job to nothing', () => {
    const i = sampleIncident({ subject: 'blob://velero-prod' });
    const blob = entry({ id: 'b', incident: { ...i, facts: { ...i.facts, jobId: null } } });
    const d = renderDigest([named(1), blob], PORTAL);
    expect(hrefs(d.html)).toEqual([`${PORTAL}/#@/resource${sampleIncident().subject}`]);
    expect(visibleText(d.html)).toContain('RPO breached — app-1');
    expect(visibleText(d.html)).toContain('RPO breached — orders');
  });

  it(`lists exactly ${DIGEST_MAX_ROWS} without "and N more", one more with "and 1 more"`, () => {
    const list = (n: number) => Array.from({ length: n }, (_, k) => named(k));
    const full = renderDigest(list(DIGEST_MAX_ROWS), PORTAL);
    expect(full.plainText).not.toMatch(/and \d+ more/);
    expect(full.html).not.toMatch(/and \d+ more/);
    expect(full.plainText.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(DIGEST_MAX_ROWS);
    const over = renderDigest(list(DIGEST_MAX_ROWS + 1), PORTAL);
    expect(over.plainText.split('\n').at(-1)).toBe('and 1 more');
    expect(visibleText(over.html)).toContain('and 1 more');
  });

  it('cuts each reason to 300 characters', () => {
    const i = sampleIncident();
    const d = renderDigest([entry({ incident: { ...i, facts: { ...i.facts, summary: 'w'.repeat(5_000) } } })], PORTAL);
    const why = d.plainText.split('\n')[2]!.split(': ').at(-1)!;
    expect(why).toHaveLength(300);
    expect(why.endsWith('…')).toBe(true);
  });
});
