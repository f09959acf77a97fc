// The incident state machine of shared/domain/incidents/apply.ts, transition by transition: what each event does to
// an incident (open, update, refresh, resolve, reopen), what it queues, and the two guards that make redelivery and
// late retries harmless (the event-id memory and the stale-event comparison).
import { beforeEach, describe, expect, it } from 'vitest';
import { applyEvent, type Applied } from '../../shared/domain/incidents/apply.js';
import { emptyBook, type Channel, type NotifyBook } from '../../shared/domain/incidents/book.js';
import { signalsOf, type Signal } from '../../shared/domain/incidents/fromEvent.js';
import { withTarget } from '../../shared/domain/incidents/target.js';
import { buildEvent, type AutopilotCloudEvent } from '../../shared/events/cloudEvent.js';
import { jobEvent, rpoEvent, SUBJECT } from './incidentFixtures.js';

const NOW = new Date('2026-11-21T12:00:00.000Z');
const LATER = new Date('2026-11-21T12:30:00.000Z');
const BOTH: readonly Channel[] = ['teams', 'email'];
const apply = (book: NotifyBook, e: AutopilotCloudEvent, now = NOW, channels = BOTH, target?: string | null): Applied =>
  applyEvent(book, e, withTarget(signalsOf(e), target), now, channels);
const only = (r: Applied) => {
  expect(r.book.incidents).toHaveLength(1);
  return r.book.incidents[0]!;
};
const failed = (at: string, n: number) => jobEvent('Autopilot.Backup.JobFailed', at, n);
const stopRef = (id: string, hhmm: string) => ({ id, subject: SUBJECT, time: `2026-11-21T${hhmm}:00.000Z` });
const stopSignal = (status: string): Signal => ({
  action: 'raise',
  kind: 'remediation-exhausted',
  facts: { name: 'orders', vault: 'bv-prod', cluster: 'aks-prod', status, summary: status, rerunsUsed: 3, rerunBudget: 3 },
});

describe('opening', () => {
  it('records when the fact happened and when it was decided, and numbers the first message 1', () => {
    const e = rpoEvent('Autopilot.Rpo.Breached', '2026-11-21T09:00:00.000Z');
    const r = apply(emptyBook(), e);
    expect(only(r)).toEqual({
      id: `rpo:${e.id}`,
      subject: SUBJECT,
      kind: 'rpo',
      state: 'open',
      severity: 'error',
      facts: signalsOf(e)[0]!.facts,
      openedAt: '2026-11-21T09:00:00.000Z',
      updatedAt: NOW.toISOString(),
      resolvedAt: null,
      notifiedAt: NOW.toISOString(),
      reminders: 0,
      sequence: 1,
      resolution: null,
      lastEventAt: '2026-11-21T09:00:00.000Z',
      eventIds: [e.id],
    });
    expect(r.outcomes).toEqual([{ kind: 'rpo', outcome: 'opened', incidentId: `rpo:${e.id}` }]);
    expect(r.book.outbox.map((o) => o.id)).toEqual([`rpo:${e.id}#1-teams`, `rpo:${e.id}#1-email`]);
  });

  it('queues one message per configured channel, and counts them', () => {
    expect(apply(emptyBook(), failed('2026-11-21T09:00:00.000Z', 1), NOW, ['email']).queued).toBe(1);
    expect(apply(emptyBook(), failed('2026-11-21T09:00:00.000Z', 1), NOW, BOTH).queued).toBe(2);
    expect(apply(emptyBook(), failed('2026-11-21T09:00:00.000Z', 1), NOW, []).book.incidents).toHaveLength(1);
  });

  it('a good job opens nothing: every clear of it is "no incident", with no incident id', () => {
    const r = apply(emptyBook(), jobEvent('Autopilot.Backup.JobSucceeded', '2026-11-21T09:00:00.000Z', 1));
    expect(r.outcomes.map((o) => [o.outcome, o.incidentId])).toEqual([
      ['no incident', null],
      ['no incident', null],
      ['no incident', null],
    ]);
    expect(r.book).toEqual(emptyBook());
    expect(r.queued).toBe(0);
  });
});

describe('updating an open incident', () => {
  // Set up in each test, not at collection: what runs outside a test cannot be attributed to one by mutation testing.
  let opened: NotifyBook;
  beforeEach(() => {
    opened = apply(emptyBook(), rpoEvent('Autopilot.Rpo.AtRisk', '2026-11-21T08:00:00.000Z')).book;
  });

  it('a new status is announced: a message numbered 2, notified now', () => {
    const r = apply(opened, rpoEvent('Autopilot.Rpo.Breached', '2026-11-21T09:00:00.000Z'), LATER);
    const i = only(r);
    expect(r.outcomes.map((o) => o.outcome)).toEqual(['updated']);
    expect(i).toMatchObject({
      severity: 'error',
      sequence: 2,
      notifiedAt: LATER.toISOString(),
      updatedAt: LATER.toISOString(),
      lastEventAt: '2026-11-21T09:00:00.000Z',
      openedAt: '2026-11-21T08:00:00.000Z',
    });
    expect(i.facts.status).toBe('breached');
    expect(r.queued).toBe(2);
    expect(r.book.outbox.filter((o) => o.message === 'updated').map((o) => o.id)).toEqual([`${i.id}#2-teams`, `${i.id}#2-email`]);
  });

  it('a new severity alone is announced too (the subject turned out to have a 15-minute target)', () => {
    const first = apply(emptyBook(), failed('2026-11-21T08:00:00.000Z', 1)).book;
    expect(first.incidents[0]?.severity).toBe('warning');
    const r = apply(first, failed('2026-11-21T09:00:00.000Z', 2), LATER, BOTH, 'PT15M');
    expect(r.outcomes.map((o) => o.outcome)).toEqual(['updated']);
    expect(only(r)).toMatchObject({ severity: 'error', sequence: 2, notifiedAt: LATER.toISOString() });
  });

  it('the same status and severity only refresh the facts: nothing queued, the reminder clock keeps running', () => {
    const first = apply(emptyBook(), failed('2026-11-21T08:00:00.000Z', 1)).book;
    const r = apply(first, failed('2026-11-21T09:00:00.000Z', 2), LATER);
    expect(r.outcomes.map((o) => o.outcome)).toEqual(['refreshed']);
    expect(r.queued).toBe(0);
    expect(r.book.outbox).toEqual(first.outbox);
    const i = only(r);
    expect(i).toMatchObject({ sequence: 1, notifiedAt: NOW.toISOString(), updatedAt: LATER.toISOString() });
    expect(i.lastEventAt).toBe('2026-11-21T09:00:00.000Z');
    expect(i.facts.jobId).toMatch(/job-2$/);
  });

  it('a new status at the same severity is announced too (budget exhausted, then escalated: both errors)', () => {
    const first = applyEvent(emptyBook(), stopRef('e-1', '08:00'), [stopSignal('budget exhausted')], NOW, BOTH).book;
    const r = applyEvent(first, stopRef('e-2', '09:00'), [stopSignal('needs a person')], LATER, BOTH);
    expect(r.outcomes.map((o) => o.outcome)).toEqual(['updated']);
    expect(only(r)).toMatchObject({ severity: 'error', sequence: 2, facts: { status: 'needs a person' } });
    expect(r.queued).toBe(2);
  });

  it('an incident without failed jobs still lists none after an update', () => {
    const r = apply(opened, rpoEvent('Autopilot.Rpo.Breached', '2026-11-21T09:00:00.000Z'));
    expect(only(r).facts.failedJobs).toEqual([]);
  });

  it('keeps a fact the new event does not carry', () => {
    const first = apply(emptyBook(), failed('2026-11-21T08:00:00.000Z', 1)).book;
    const withoutCode: Signal = {
      action: 'raise',
      kind: 'job-failing',
      facts: { name: 'orders', vault: 'bv-prod', cluster: 'aks-prod', status: 'failing', summary: 'again', errorCode: undefined },
    };
    const r = applyEvent(first, { id: 'e-2', subject: SUBJECT, time: '2026-11-21T09:00:00.000Z' }, [withoutCode], NOW, BOTH);
    expect(only(r).facts).toMatchObject({ errorCode: 'UserErrorSnapshotFailed', summary: 'again' });
  });
});

describe('the failed-job list', () => {
  it('accumulates newest first, without repeats, and keeps the 20 newest', () => {
    let book = emptyBook();
    for (let n = 1; n <= 25; n++) book = apply(book, failed(`2026-11-21T09:${String(n).padStart(2, '0')}:00.000Z`, n)).book;
    // The re-run of job 25 is job 25 itself seen again by the remediation handler: listed once.
    const jobId = book.incidents[0]!.facts.jobId!;
    const rerunFailed = buildEvent('Autopilot.Rerun.Failed', {
      subject: SUBJECT,
      time: new Date('2026-11-21T09:59:00.000Z'),
      factKey: jobId,
      data: {
        name: 'orders',
        vault: 'bv-prod',
        cluster: 'aks-prod',
        failedJobId: jobId,
        rerunJobId: jobId,
        attempt: 1,
        budget: 3,
        errorCode: null,
        errorMessage: null,
      },
    });
    book = apply(book, rerunFailed).book;
    const names = (book.incidents[0]?.facts.failedJobs ?? []).map((j) => j.split('/').at(-1));
    expect(names).toEqual(Array.from({ length: 20 }, (_, k) => `job-${25 - k}`));
  });
});

describe('redelivery and late retries', () => {
  it('a redelivered event changes nothing, and says which incident it was about', () => {
    const e = failed('2026-11-21T09:00:00.000Z', 1);
    const once = apply(emptyBook(), e);
    const twice = apply(once.book, e, LATER);
    expect(twice.book).toBe(once.book);
    expect(twice.queued).toBe(0);
    expect(twice.outcomes).toEqual([{ kind: 'job-failing', outcome: 'duplicate', incidentId: only(once).id }]);
  });

  it('an event older than the newest one applied is stale; one at the same instant is not', () => {
    const book = apply(emptyBook(), failed('2026-11-21T09:00:00.000Z', 1)).book;
    const late = apply(book, failed('2026-11-21T08:59:59.999Z', 0));
    expect(late.outcomes.map((o) => o.outcome)).toEqual(['stale']);
    expect(late.book).toBe(book);
    const sameInstant = apply(book, failed('2026-11-21T09:00:00.000Z', 2));
    expect(sameInstant.outcomes.map((o) => o.outcome)).toEqual(['refreshed']);
  });

  it('compares instants, not strings: an offset time that is later is not stale', () => {
    const book = apply(emptyBook(), failed('2026-11-21T09:00:00.000Z', 1)).book;
    // 08:30-01:00 is 09:30Z, later than 09:00Z, although it sorts before it as text.
    const signals = signalsOf(failed('2026-11-21T09:30:00.000Z', 3));
    const r = applyEvent(book, { id: 'e-offset', subject: SUBJECT, time: '2026-11-21T08:30:00-01:00' }, signals, NOW, BOTH);
    expect(r.outcomes.map((o) => o.outcome)).toEqual(['refreshed']);
  });

  it('remembers the 32 newest event ids per incident: the book stays small however many events arrive', () => {
    let book = emptyBook();
    const ids: string[] = [];
    for (let n = 0; n < 40; n++) {
      const e = failed(`2026-11-21T09:${String(n).padStart(2, '0')}:00.000Z`, n);
      ids.push(e.id);
      book = apply(book, e).book;
    }
    expect(book.incidents[0]?.eventIds).toEqual(ids.slice(-32));
  });
});

describe('resolving and reopening', () => {
  let resolved: Applied;
  beforeEach(() => {
    const opened = apply(emptyBook(), rpoEvent('Autopilot.Rpo.Breached', '2026-11-21T08:00:00.000Z')).book;
    resolved = apply(opened, rpoEvent('Autopilot.Rpo.Recovered', '2026-11-21T09:00:00.000Z'), LATER);
  });

  it('resolves at the time of the clearing fact, with its reason, and queues the resolution as message 2', () => {
    const i = only(resolved);
    expect(resolved.outcomes).toEqual([{ kind: 'rpo', outcome: 'resolved', incidentId: i.id }]);
    expect(i).toMatchObject({
      state: 'resolved',
      resolvedAt: '2026-11-21T09:00:00.000Z',
      resolution: 'verdict ok',
      sequence: 2,
      updatedAt: LATER.toISOString(),
      lastEventAt: '2026-11-21T09:00:00.000Z',
    });
    expect(i.eventIds).toHaveLength(2);
    expect(resolved.book.outbox.filter((o) => o.message === 'resolved').map((o) => o.id)).toEqual([`${i.id}#2-teams`, `${i.id}#2-email`]);
    expect(resolved.queued).toBe(2);
  });

  it('a second clear of a resolved incident is "no incident" and changes nothing', () => {
    const again = apply(resolved.book, rpoEvent('Autopilot.Rpo.Recovered', '2026-11-21T10:00:00.000Z'));
    expect(again.outcomes).toEqual([{ kind: 'rpo', outcome: 'no incident', incidentId: only(resolved).id }]);
    expect(again.book).toBe(resolved.book);
  });

  it('a new problem after the resolution opens a new incident with a new id, counting from 1 again', () => {
    const e = rpoEvent('Autopilot.Rpo.AtRisk', '2026-11-21T11:00:00.000Z');
    const r = apply(resolved.book, e);
    const i = only(r);
    expect(r.outcomes.map((o) => o.outcome)).toEqual(['opened']);
    expect(i.id).toBe(`rpo:${e.id}`);
    expect(i.id).not.toBe(only(resolved).id);
    expect(i).toMatchObject({ state: 'open', sequence: 1, reminders: 0, resolvedAt: null, resolution: null, eventIds: [e.id] });
    expect(i.severity).toBe('warning');
  });

  it('incidents of other kinds of the same subject are untouched by a clear', () => {
    let book = apply(emptyBook(), failed('2026-11-21T08:00:00.000Z', 1)).book;
    book = apply(book, rpoEvent('Autopilot.Rpo.Breached', '2026-11-21T08:05:00.000Z')).book;
    const r = apply(book, jobEvent('Autopilot.Backup.JobSucceeded', '2026-11-21T09:00:00.000Z', 2));
    expect(r.outcomes.map((o) => [o.kind, o.outcome])).toEqual([
      ['job-failing', 'resolved'],
      ['remediation-exhausted', 'no incident'],
      ['threshold-breached', 'no incident'],
    ]);
    expect(r.book.incidents.map((i) => [i.kind, i.state]).sort()).toEqual([
      ['job-failing', 'resolved'],
      ['rpo', 'open'],
    ]);
  });
});
