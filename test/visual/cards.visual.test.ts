// Every card kind, looked at: rendered to HTML with the adaptivecards browser bundle and screenshotted in headless
// Chromium. The pages and PNGs land in test-output/cards/ (gitignored) for people to open; the test checks that each
// page rendered (no render error, the headline in the DOM) and that each screenshot is a real image.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { digestMessage } from '../../shared/domain/cards/digestCard.js';
import { incidentMessage } from '../../shared/domain/cards/incidentCard.js';
import type { MessageKind } from '../../shared/domain/incidents/book.js';
import type { Incident } from '../../shared/domain/incidents/types.js';
import { renderDigest, renderEmail } from '../../shared/domain/notify/email.js';
import { sampleIncident } from '../unit/incidentFixtures.js';
import { cardPage, copyBundle } from './cardPages.js';
import { dumpDom, findChromium, screenshot } from './chromium.js';

const OUT = resolve('test-output/cards');
const PORTAL = 'https://portal.azure.com';
const bin = findChromium();
if (!bin) console.warn('card screenshots SKIPPED: no `chromium` on PATH (apt-get install chromium); CI installs it');

const base = sampleIncident();
const jobFailing: Incident = {
  ...base,
  kind: 'job-failing',
  severity: 'warning',
  facts: {
    ...base.facts,
    status: 'rerun failed',
    summary: 're-run 2 of 3 failed with UserErrorSnapshotFailed',
    targetRpo: null,
    ageSeconds: null,
  },
};
const huge: Incident = {
  ...base,
  facts: {
    ...base.facts,
    errorMessage: 'The snapshot of persistent volume pvc-data failed because the disk is attached elsewhere. '.repeat(40),
    failedJobs: Array.from(
      { length: 300 },
      (_, n) => `${base.subject.replace(/backupInstances\/.*/, '')}backupJobs/scheduled-20261121-${String(n).padStart(4, '0')}-7f3c9a1e`,
    ),
  },
};
const CARDS: [string, Incident, MessageKind][] = [
  ['rpo-opened-critical', base, 'opened'],
  ['job-updated-warning', jobFailing, 'updated'],
  ['rpo-reminder', { ...base, reminders: 2 }, 'reminder'],
  ['rpo-resolved', { ...base, state: 'resolved', resolution: 'newest recovery point is 4m old, within the PT15M target' }, 'resolved'],
  ['remediation-opened', { ...base, kind: 'remediation-exhausted', severity: 'error' }, 'opened'],
  ['oversize-truncated', huge, 'updated'],
];

describe.skipIf(!bin)('Teams cards and emails, rendered in headless Chromium (test-output/cards)', () => {
  mkdirSync(OUT, { recursive: true });
  copyBundle(OUT);

  it.each(CARDS)(
    '%s',
    async (name, incident, kind) => {
      const message = incidentMessage(incident, kind, PORTAL);
      const html = join(OUT, `${name}.html`);
      const png = join(OUT, `${name}.png`);
      writeFileSync(html, cardPage(name, message.attachments[0].content));
      const dom = await dumpDom(bin!, pathToFileURL(html).href);
      expect(dom).toContain('data-rendered="yes"');
      expect(dom).not.toContain('>RENDER ERROR');
      expect(dom).toContain(incident.facts.name);
      await screenshot(bin!, pathToFileURL(html).href, png, 600, name.startsWith('oversize') ? 4000 : 900);
      expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
      expect(statSync(png).size).toBeGreaterThan(10_000);
    },
    60_000,
  );

  it('teams digest', async () => {
    const entries = [base, jobFailing, huge, base, jobFailing].map((incident, n) => ({
      id: `t${n}`,
      channel: 'teams' as const,
      message: n === 3 ? ('resolved' as const) : ('opened' as const),
      incident: { ...incident, facts: { ...incident.facts, name: `${incident.facts.name}-${n}` } },
      createdAt: '2026-11-21T10:00:00.000Z',
      attempts: 0,
      nextAttemptAt: '2026-11-21T10:00:00.000Z',
      lastError: null,
      claimedBy: null,
      claimedUntil: null,
    }));
    const html = join(OUT, 'teams-digest.html');
    writeFileSync(html, cardPage('teams-digest', digestMessage(entries).attachments[0].content));
    expect(await dumpDom(bin!, pathToFileURL(html).href)).toContain('data-rendered="yes"');
    await screenshot(bin!, pathToFileURL(html).href, join(OUT, 'teams-digest.png'), 600, 600);
    expect(statSync(join(OUT, 'teams-digest.png')).size).toBeGreaterThan(10_000);
  }, 60_000);

  it('emails: one incident and a digest', async () => {
    const entry = (incident: Incident, n: number) => ({
      id: `e${n}`,
      channel: 'email' as const,
      message: 'opened' as const,
      incident,
      createdAt: '2026-11-21T10:00:00.000Z',
      attempts: 0,
      nextAttemptAt: '2026-11-21T10:00:00.000Z',
      lastError: null,
      claimedBy: null,
      claimedUntil: null,
    });
    const pages: [string, string][] = [
      ['email-incident', renderEmail(entry(base, 0), PORTAL).html],
      ['email-digest', renderDigest([base, jobFailing, base, jobFailing, base].map(entry), PORTAL).html],
    ];
    for (const [name, page] of pages) {
      const html = join(OUT, `${name}.html`);
      writeFileSync(html, page);
      await screenshot(bin!, pathToFileURL(html).href, join(OUT, `${name}.png`), 800, 700);
      expect(statSync(join(OUT, `${name}.png`)).size).toBeGreaterThan(10_000);
    }
  }, 60_000);
});
