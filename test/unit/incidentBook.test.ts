// The notification book (shared/domain/incidents/book.ts) and the subject's target (incidents/target.ts): one incident
// per (subject, kind), resolved ones kept a week so late events are recognised, reminders once per period, the outbox
// snapshot without the dedup memory, and which target a non-RPO incident is ranked by.
import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../shared/domain/incidents/apply.js';
import {
  emptyBook,
  findIncident,
  parseBook,
  prune,
  putIncident,
  queue,
  remind,
  RESOLVED_RETENTION_MS,
  type NotifyBook,
} from '../../shared/domain/incidents/book.js';
import { signalsOf, type Signal } from '../../shared/domain/incidents/fromEvent.js';
import { knownTarget, needsTarget, withTarget } from '../../shared/domain/incidents/target.js';
import { severityOf } from '../../shared/domain/incidents/types.js';
import { jobEvent, rpoEvent, sampleIncident, SUBJECT } from './incidentFixtures.js';

const NOW = new Date('2026-11-21T12:00:00.000Z');
const DAY = 24 * 3600_000;
const OTHER = SUBJECT.replace('/orders', '/payments');

describe('reading a stored book', () => {
  it('takes a version 1 document with incidents and an outbox', () => {
    const book = { version: 1, incidents: [sampleIncident()], outbox: [] };
    expect(parseBook(book)).toEqual(book);
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['another version', { version: 2, incidents: [], outbox: [] }],
    ['no version', { incidents: [], outbox: [] }],
    ['incidents that are not a list', { version: 1, incidents: {}, outbox: [] }],
    ['an outbox that is not a list', { version: 1, incidents: [], outbox: null }],
  ])('refuses %s rather than start over (that would notify everything again)', (_what, value) =>
    expect(() => parseBook(value)).toThrow(/notify book: unrecognised document/),
  );
});

describe('one incident per subject and kind', () => {
  it('keeps incidents of other subjects apart, and finds a subject whatever its case', () => {
    const a = sampleIncident({ kind: 'job-failing' });
    const b = sampleIncident({ id: 'job-failing:b', kind: 'job-failing', subject: OTHER });
    const book = putIncident(putIncident(emptyBook(), a), b);
    expect(book.incidents).toHaveLength(2);
    expect(findIncident(book, OTHER.toUpperCase(), 'job-failing')?.id).toBe('job-failing:b');
    expect(findIncident(book, SUBJECT, 'rpo')).toBeUndefined();
    const replaced = putIncident(book, { ...a, reminders: 5, subject: SUBJECT.toUpperCase() });
    expect(replaced.incidents.map((i) => [i.id, i.reminders])).toEqual([
      ['job-failing:b', 0],
      [a.id, 5],
    ]);
  });

  it('queues what a message shows, without the dedup memory', () => {
    const book = queue(emptyBook(), sampleIncident({ eventIds: ['e1', 'e2'], sequence: 4 }), 'updated', ['teams', 'email'], NOW);
    expect(book.outbox.map((e) => [e.id, e.channel, e.message, e.incident.eventIds, e.attempts, e.nextAttemptAt])).toEqual([
      ['rpo:abc#4-teams', 'teams', 'updated', [], 0, NOW.toISOString()],
      ['rpo:abc#4-email', 'email', 'updated', [], 0, NOW.toISOString()],
    ]);
  });
});

describe('retention of resolved incidents', () => {
  const resolvedAt = (at: Date, over = {}) =>
    sampleIncident({ state: 'resolved', resolvedAt: at.toISOString(), updatedAt: at.toISOString(), ...over });
  const book = (...incidents: ReturnType<typeof sampleIncident>[]): NotifyBook => ({ version: 1, incidents, outbox: [] });

  it('keeps one resolved exactly a week ago, drops one a millisecond older', () => {
    const kept = book(resolvedAt(new Date(NOW.getTime() - RESOLVED_RETENTION_MS)));
    expect(prune(kept, NOW)).toBe(kept);
    expect(prune(book(resolvedAt(new Date(NOW.getTime() - RESOLVED_RETENTION_MS - 1))), NOW).incidents).toEqual([]);
  });

  it('never drops an open incident, however old', () => {
    const old = book(sampleIncident({ updatedAt: '2020-01-01T00:00:00.000Z', openedAt: '2020-01-01T00:00:00.000Z' }));
    expect(prune(old, NOW)).toBe(old);
  });

  it('dates a resolved incident without a resolution time by its last update', () => {
    const legacy = (updated: Date) => book(resolvedAt(updated, { resolvedAt: null }));
    expect(prune(legacy(new Date(NOW.getTime() - DAY)), NOW).incidents).toHaveLength(1);
    expect(prune(legacy(new Date(NOW.getTime() - 8 * DAY)), NOW).incidents).toHaveLength(0);
  });
});

describe('reminders', () => {
  // Built in each test, not at collection: what runs outside a test cannot be attributed to one by mutation testing.
  const open = () => {
    const e = jobEvent('Autopilot.Backup.JobFailed', '2026-11-21T11:00:00.000Z', 1);
    return applyEvent(emptyBook(), e, signalsOf(e), NOW, ['teams']).book;
  };

  it('numbers each reminder as the next message and counts them', () => {
    const first = remind(open(), new Date(NOW.getTime() + DAY), DAY, ['teams']);
    const i1 = first.book.incidents[0]!;
    expect(i1).toMatchObject({ reminders: 1, sequence: 2, notifiedAt: new Date(NOW.getTime() + DAY).toISOString() });
    expect(first.book.outbox.at(-1)?.id).toBe(`${i1.id}#2-teams`);
    const second = remind(first.book, new Date(NOW.getTime() + 2 * DAY), DAY, ['teams']);
    expect(second.book.incidents[0]).toMatchObject({ reminders: 2, sequence: 3 });
  });

  it('never reminds about a resolved incident', () => {
    const resolved = applyEvent(
      open(),
      jobEvent('Autopilot.Backup.JobSucceeded', '2026-11-21T11:30:00.000Z', 2),
      signalsOf(jobEvent('Autopilot.Backup.JobSucceeded', '2026-11-21T11:30:00.000Z', 2)),
      NOW,
      ['teams'],
    ).book;
    const r = remind(resolved, new Date(NOW.getTime() + 30 * DAY), DAY, ['teams']);
    expect(r.reminded).toBe(0);
    expect(r.book).toBe(resolved);
  });
});

describe('the target a non-RPO incident is ranked by', () => {
  const failedSignals = () => signalsOf(jobEvent('Autopilot.Backup.JobFailed', '2026-11-21T09:00:00.000Z', 1));
  const goodSignals = () => signalsOf(jobEvent('Autopilot.Backup.JobSucceeded', '2026-11-21T09:00:00.000Z', 2));
  const rpoSignals = () => signalsOf(rpoEvent('Autopilot.Rpo.Breached', '2026-11-21T09:00:00.000Z', 'P1D'));

  it('gives a raise without a target the subject’s, and leaves clears and RPO targets alone', () => {
    expect(withTarget(failedSignals(), 'PT15M').map((s) => s.facts.targetRpo)).toEqual(['PT15M']);
    expect(withTarget(failedSignals(), null).map((s) => s.facts.targetRpo)).toEqual([null]);
    expect(withTarget(goodSignals(), 'PT15M')).toEqual(goodSignals());
    expect(withTarget(rpoSignals(), 'PT15M')).toEqual(rpoSignals());
  });

  it('asks for the subject’s target only when a raise lacks one', () => {
    expect(needsTarget([])).toBe(false);
    expect(needsTarget(goodSignals())).toBe(false);
    expect(needsTarget(rpoSignals())).toBe(false);
    expect(needsTarget(failedSignals())).toBe(true);
    expect(needsTarget([...goodSignals(), ...failedSignals()])).toBe(true);
    expect(needsTarget(withTarget(failedSignals(), null))).toBe(false);
  });

  it('knows the target of the subject’s most recently updated incident that has one', () => {
    const withTargetAt = (id: string, kind: Signal['kind'], targetRpo: string | undefined, updatedAt: string, subject = SUBJECT) =>
      sampleIncident({ id, kind, subject, updatedAt, facts: { ...sampleIncident().facts, targetRpo } });
    const book: NotifyBook = {
      version: 1,
      outbox: [],
      incidents: [
        withTargetAt('a', 'rpo', 'PT30M', '2026-11-21T08:00:00.000Z'),
        withTargetAt('b', 'threshold-breached', 'PT1H', '2026-11-21T09:00:00.000Z'),
        withTargetAt('c', 'job-failing', undefined, '2026-11-21T10:00:00.000Z'),
        withTargetAt('d', 'rpo', 'P7D', '2026-11-21T11:00:00.000Z', OTHER),
      ],
    };
    expect(knownTarget(book, SUBJECT)).toBe('PT1H');
    expect(knownTarget(book, OTHER)).toBe('P7D');
    expect(knownTarget({ ...book, incidents: book.incidents.slice(2, 3) }, SUBJECT)).toBeUndefined();
  });
});

describe('severity', () => {
  it.each([
    ['rpo', 'at-risk', 'P1D', 'warning'],
    ['rpo', 'breached', null, 'error'],
    ['rpo', 'at-risk', 'PT1H', 'error'],
    ['rpo', 'breached', 'PT1H', 'critical'],
    ['rpo', 'breached', 'PT1H1S', 'error'],
    ['job-failing', 'failing', undefined, 'warning'],
    ['job-failing', 'rerun failed', undefined, 'error'],
    ['job-failing', 'rerun failed', 'PT15M', 'critical'],
    ['threshold-breached', 'breached', 'P1D', 'warning'],
    ['remediation-exhausted', 'needs a person', 'P1D', 'error'],
    ['restore-validation-failed', 'failed', null, 'error'],
    ['restore-validation-failed', 'failed', 'PT30M', 'critical'],
    ['rpo', 'breached', 'not a duration', 'error'],
  ] as const)('%s %s with target %s → %s', (kind, status, target, severity) => expect(severityOf(kind, status, target)).toBe(severity));
});
