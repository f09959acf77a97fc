// What a person reads about an incident, the same in a Teams card and an email (shared/domain/notify/present.ts):
// the headline, where the subject lives, ages and targets as people say them, the fact rows in reading order with
// the empty ones left out, and links to the Azure portal only where they lead somewhere.
import { describe, expect, it } from 'vitest';
import type { MessageKind } from '../../shared/domain/incidents/book.js';
import type { Incident, IncidentFacts } from '../../shared/domain/incidents/types.js';
import {
  clip,
  factRows,
  headline,
  humanAge,
  humanDuration,
  lastSegment,
  portalLinks,
  problemTitle,
  TEXT_LIMITS,
  whereOf,
} from '../../shared/domain/notify/present.js';
import { sampleIncident, SUBJECT } from './incidentFixtures.js';

const PORTAL = 'https://portal.azure.com';
const JOB = `${SUBJECT.replace(/\/backupInstances\/.*/, '')}/backupJobs/job-7`;
const withFacts = (facts: Partial<IncidentFacts>, over: Partial<Incident> = {}): Incident =>
  sampleIncident({ ...over, facts: { ...sampleIncident().facts, ...facts } });

describe('headline', () => {
  it.each<[Partial<Incident>, Partial<IncidentFacts>, string]>([
    [{ kind: 'rpo' }, { status: 'breached' }, 'RPO breached'],
    [{ kind: 'rpo' }, { status: 'at-risk' }, 'RPO at risk'],
    [{ kind: 'job-failing' }, { status: 'failing' }, 'Backup job failing'],
    [{ kind: 'remediation-exhausted' }, { status: 'needs a person' }, 'Automatic remediation stopped'],
    [{ kind: 'threshold-breached' }, { status: 'breached' }, 'Backup threshold breached'],
    [{ kind: 'restore-validation-failed' }, { status: 'failed' }, 'Restore validation failed'],
  ])('%j with %j is titled %j', (over, facts, title) => expect(problemTitle(withFacts(facts, over))).toBe(title));

  it.each<[MessageKind, string]>([
    ['opened', 'RPO breached — orders'],
    ['updated', 'Updated: RPO breached — orders'],
    ['reminder', 'Still open: RPO breached — orders'],
    ['resolved', 'Resolved: RPO breached — orders'],
  ])('a %s message reads %j', (message, text) => expect(headline(sampleIncident(), message)).toBe(text));

  it('is cut to the title limit with an ellipsis', () => {
    const h = headline(withFacts({ name: 'n'.repeat(500) }), 'reminder');
    expect(h).toHaveLength(TEXT_LIMITS.title);
    expect(h.startsWith('Still open: RPO breached — nnn')).toBe(true);
    expect(h.endsWith('n…')).toBe(true);
  });
});

describe('where the subject lives', () => {
  it.each<[string | null, string | null, string]>([
    ['aks-prod', 'bv-prod', 'aks-prod / bv-prod'],
    [null, 'bv-prod', 'bv-prod'],
    ['aks-prod', null, 'aks-prod'],
    [null, null, ''],
  ])('cluster %j, vault %j → %j', (cluster, vault, where) => expect(whereOf(withFacts({ cluster, vault }))).toBe(where));

  it('is cut to its own limit', () => expect(whereOf(withFacts({ cluster: 'c'.repeat(1_000) }))).toHaveLength(TEXT_LIMITS.where));
});

describe('ages and targets as people read them', () => {
  it.each([
    [0, '0m'],
    [59, '0m'],
    [60, '1m'],
    [3_599, '59m'],
    [3_600, '1h 0m'],
    [44_933, '12h 28m'],
    [48 * 3_600 - 60, '47h 59m'],
    [48 * 3_600, '2d 0h'],
    [9 * 86_400 + 5 * 3_600 + 59 * 60, '9d 5h'],
  ])('%i s → %s', (seconds, text) => expect(humanAge(seconds)).toBe(text));

  // Targets as the README's tiers and Azure's policy intervals write them.
  it.each([
    ['PT15M', '15m'],
    ['PT1H', '1h'],
    ['PT4H', '4h'],
    ['P1D', '1d'],
    ['PT1H30M', '1h 30m'],
    ['P1DT12H', '1d 12h'],
    ['P7D', '7d'],
  ])('%s → %s', (iso, text) => expect(humanDuration(iso)).toBe(text));
});

describe('fact rows', () => {
  it('lists the facts in reading order, values as shown', () => {
    expect(factRows(sampleIncident({ reminders: 2 }), 'opened')).toEqual([
      ['Status', 'breached'],
      ['Severity', 'Critical'],
      ['Cluster', 'aks-prod'],
      ['Vault', 'bv-prod'],
      ['Instance', 'orders'],
      ['Newest recovery point', '2026-11-20T23:02:11.000Z'],
      ['Age vs target', '12h 28m (target 15m)'],
      ['Job', 'job-7'],
      ['Error code', 'UserErrorExtensionMSIMissingPermissions'],
      ['Error message', 'The backup extension identity is missing permissions on the storage account.'],
      ['Re-runs used', '2 of 3'],
      ['Opened', '2026-11-21T09:00:00.000Z'],
      ['Reminders', '2'],
    ]);
  });

  it('leaves out what is unknown or empty, and shows a metric when there is one', () => {
    const i = withFacts({
      vault: null,
      latestRecoveryPoint: null,
      ageSeconds: null,
      jobId: null,
      errorCode: '',
      errorMessage: undefined,
      rerunsUsed: null,
      metric: 'backupSuccessRate',
    });
    expect(factRows(i, 'updated').map(([title]) => title)).toEqual(['Status', 'Severity', 'Cluster', 'Instance', 'Metric', 'Opened']);
  });

  it.each<[Partial<Incident>, string]>([
    [{ state: 'resolved', resolution: 'a backup job completed' }, 'resolved (a backup job completed)'],
    [{ state: 'resolved', resolution: null }, 'resolved (cleared)'],
  ])('a resolution message states it: %j', (over, status) =>
    expect(factRows(sampleIncident(over), 'resolved')[0]).toEqual(['Status', status]),
  );

  it('an age without a target says so, re-runs without a known budget say "?"', () => {
    const rows = new Map(factRows(withFacts({ targetRpo: null, ageSeconds: 90, rerunsUsed: 1, rerunBudget: null }), 'opened'));
    expect(rows.get('Age vs target')).toBe('1m (target none)');
    expect(rows.get('Re-runs used')).toBe('1 of ?');
    expect(rows.has('Reminders')).toBe(false);
  });

  it('zero re-runs and a zero age are facts, not blanks', () => {
    const rows = new Map(factRows(withFacts({ ageSeconds: 0, rerunsUsed: 0 }), 'opened'));
    expect(rows.get('Age vs target')).toBe('0m (target 15m)');
    expect(rows.get('Re-runs used')).toBe('0 of 3');
  });

  it('a blob-landed backup has a location and a backup source where an instance has a cluster', () => {
    const i = withFacts({ cluster: 'velero/prod/backups/', vault: null, name: 'velero-prod' }, { subject: 'blob://velero-prod' });
    expect(factRows(i, 'opened').slice(0, 4)).toEqual([
      ['Status', 'breached'],
      ['Severity', 'Critical'],
      ['Location', 'velero/prod/backups/'],
      ['Backup source', 'velero-prod'],
    ]);
  });

  it('cuts each value to the fact limit', () => {
    const rows = new Map(factRows(withFacts({ errorMessage: 'm'.repeat(100_000) }), 'opened'));
    expect(rows.get('Error message')).toHaveLength(TEXT_LIMITS.fact);
  });
});

describe('portal links', () => {
  it('link the backup instance and the job by their ARM ids', () => {
    expect(portalLinks(sampleIncident(), PORTAL)).toEqual([
      { title: 'Open backup instance', url: `${PORTAL}/#@/resource${SUBJECT}` },
      { title: 'Open backup job', url: `${PORTAL}/#@/resource${JOB}` },
    ]);
  });

  it('leave out what has no portal page: a blob source, a job known only by name', () => {
    expect(portalLinks(sampleIncident({ subject: 'blob://velero-prod' }), PORTAL).map((l) => l.title)).toEqual(['Open backup job']);
    expect(portalLinks(withFacts({ jobId: 'job-7' }), PORTAL).map((l) => l.title)).toEqual(['Open backup instance']);
    expect(portalLinks(withFacts({ jobId: null }), PORTAL).map((l) => l.title)).toEqual(['Open backup instance']);
  });

  it('leave out a link longer than a URL may be, rather than cut it', () => {
    const long = `${SUBJECT}${'x'.repeat(TEXT_LIMITS.url)}`;
    expect(portalLinks(sampleIncident({ subject: long }), PORTAL).map((l) => l.title)).toEqual(['Open backup job']);
    const exact = PORTAL.length + '/#@/resource'.length;
    const fits = `/subscriptions/${'s'.repeat(TEXT_LIMITS.url - exact - '/subscriptions/'.length)}`;
    expect(portalLinks(withFacts({ jobId: null }, { subject: fits }), PORTAL)).toEqual([
      { title: 'Open backup instance', url: `${PORTAL}/#@/resource${fits}` },
    ]);
  });
});

describe('clipping and names', () => {
  it.each([
    ['abc', 3, 'abc'],
    ['abcd', 3, 'ab…'],
    ['', 1, ''],
  ])('clip(%j, %i) → %j', (text, max, out) => expect(clip(text, max)).toBe(out));

  it.each([
    [JOB, 'job-7'],
    [`${JOB}/`, 'job-7'],
    ['job-7', 'job-7'],
  ])('the last segment of %s is %s', (id, name) => expect(lastSegment(id)).toBe(name));
});
