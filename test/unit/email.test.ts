import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../shared/domain/incidents/book.js';
import { DIGEST_MAX_ROWS, renderDigest, renderEmail, useDigest } from '../../shared/domain/notify/email.js';
import { sampleIncident } from './incidentFixtures.js';

const entry = (over: Partial<OutboxEntry> = {}): OutboxEntry => ({
  id: 'rpo:abc#1-email',
  channel: 'email',
  message: 'opened',
  incident: sampleIncident(),
  createdAt: '2026-11-21T10:00:00.000Z',
  attempts: 0,
  nextAttemptAt: '2026-11-21T10:00:00.000Z',
  lastError: null,
  claimedBy: null,
  claimedUntil: null,
  ...over,
});

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
