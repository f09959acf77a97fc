import { describe, expect, it } from 'vitest';
import { byteSize, TEAMS_MAX_BYTES } from '../../shared/domain/cards/envelope.js';
import { digestMessage } from '../../shared/domain/cards/digestCard.js';
import { incidentMessage } from '../../shared/domain/cards/incidentCard.js';
import type { MessageKind } from '../../shared/domain/incidents/book.js';
import { PROBLEM_KINDS } from '../../shared/domain/incidents/types.js';
import { cardProblems } from './cardValidate.js';
import { sampleEntry, sampleIncident } from './incidentFixtures.js';
import { markdownLiteral } from '../../shared/domain/notify/inertText.js';

const PORTAL = 'https://portal.azure.com';
const KINDS: MessageKind[] = ['opened', 'updated', 'reminder', 'resolved'];
const texts = (v: unknown): string[] => JSON.stringify(v).match(/"text":"[^"]*"/g) ?? [];

describe('Teams incident card', () => {
  it('is a Workflows message envelope with one Adaptive Card 1.5 attachment', () => {
    const m = incidentMessage(sampleIncident(), 'opened', PORTAL);
    expect(m.type).toBe('message');
    expect(m.attachments).toHaveLength(1);
    expect(m.attachments[0]).toMatchObject({
      contentType: 'application/vnd.microsoft.card.adaptive',
      contentUrl: null,
      content: { type: 'AdaptiveCard', version: '1.5' },
    });
  });

  it.each(KINDS)('%s: parses in the adaptivecards object model without any validation event', (kind) => {
    const m = incidentMessage(
      sampleIncident(kind === 'resolved' ? { state: 'resolved', resolution: 'a backup job completed' } : {}),
      kind,
      PORTAL,
    );
    expect(cardProblems(m.attachments[0].content)).toEqual([]);
  });

  it.each(PROBLEM_KINDS)('every message about a %s incident parses cleanly', (problem) => {
    for (const kind of KINDS) {
      const m = incidentMessage(sampleIncident({ kind: problem, severity: 'error' }), kind, PORTAL);
      expect(cardProblems(m.attachments[0].content), `${problem} ${kind}`).toEqual([]);
      expect(byteSize(m)).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
    }
  });

  it('carries the facts and portal links a person acts on', () => {
    const m = incidentMessage(sampleIncident(), 'opened', PORTAL);
    const facts = JSON.stringify(m);
    for (const f of [
      'aks-prod',
      'bv-prod',
      'orders',
      '2026-11-20T23:02:11.000Z',
      '12h 28m (target 15m)',
      'UserErrorExtensionMSIMissingPermissions',
      '2 of 3',
    ]) {
      // As the card's JSON carries it: every fact is shown literally (markdown escaped, inertText.ts).
      expect(facts).toContain(JSON.stringify(markdownLiteral(f)).slice(1, -1));
    }
    const actions = m.attachments[0].content.actions ?? [];
    expect(actions.map((a) => a.url)).toEqual([
      `${PORTAL}/#@/resource${sampleIncident().subject}`,
      `${PORTAL}/#@/resource${sampleIncident().facts.jobId ?? ''}`,
    ]);
  });

  it('styles by severity, and a resolution green', () => {
    const header = (kind: MessageKind, severity: 'critical' | 'warning') =>
      (incidentMessage(sampleIncident({ severity }), kind, PORTAL).attachments[0].content.body[0] as { style: string }).style;
    expect(header('opened', 'critical')).toBe('attention');
    expect(header('opened', 'warning')).toBe('warning');
    expect(header('resolved', 'critical')).toBe('good');
  });

  it('stays under the 28 KB Teams limit with huge inputs: long lists end with "and N more"', () => {
    const failedJobs = Array.from({ length: 400 }, (_, n) => `${sampleIncident().subject}/backupJobs/${'x'.repeat(120)}-${n}`);
    const i = sampleIncident({
      facts: { ...sampleIncident().facts, errorMessage: 'E'.repeat(100_000), summary: 'S'.repeat(50_000), failedJobs },
    });
    const m = incidentMessage(i, 'updated', PORTAL);
    expect(byteSize(m)).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
    const more = texts(m).find((t) => /and \d+ more/.test(t));
    expect(more).toBeDefined();
    const shown = texts(m).filter((t) => t.includes('xxxxxxxx')).length;
    expect(shown).toBeGreaterThan(10);
    expect(more).toContain(`and ${400 - shown} more`);
    expect(cardProblems(m.attachments[0].content)).toEqual([]);
  });
});

describe('Teams digest card', () => {
  const entries = (n: number) =>
    Array.from({ length: n }, (_, k) =>
      sampleEntry({
        id: `e${k}`,
        channel: 'teams',
        message: k % 5 === 0 ? 'resolved' : 'opened',
        incident: sampleIncident({ facts: { ...sampleIncident().facts, name: `app-${k}` } }),
      }),
    );

  it('lists every incident when they fit, and parses cleanly', () => {
    const m = digestMessage(entries(12));
    expect(m.summary).toBe('12 incident updates (9 open, 3 resolved)');
    expect(texts(m).filter((t) => t.includes('app-'))).toHaveLength(12);
    expect(cardProblems(m.attachments[0].content)).toEqual([]);
  });

  it('cuts a long backlog to the size budget with "and N more"', () => {
    const m = digestMessage(entries(1_000));
    expect(byteSize(m)).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
    const shown = texts(m).filter((t) => t.includes('app-')).length;
    expect(shown).toBeGreaterThan(20);
    expect(texts(m).join()).toContain(`and ${1_000 - shown} more`);
  });
});
