import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../shared/domain/incidents/apply.js';
import { emptyBook, parseBook, prune, remind, type NotifyBook } from '../../shared/domain/incidents/book.js';
import { signalsOf } from '../../shared/domain/incidents/fromEvent.js';
import { severityOf } from '../../shared/domain/incidents/types.js';
import type { AutopilotCloudEvent } from '../../shared/events/cloudEvent.js';
import { jobEvent, rpoEvent } from './incidentFixtures.js';

const NOW = new Date('2026-11-21T10:00:00.000Z');
const CH = ['teams', 'email'] as const;
const apply = (book: NotifyBook, e: AutopilotCloudEvent, now = NOW) => applyEvent(book, e, signalsOf(e), now, CH);

describe('incident state machine', () => {
  it('opens one incident per (subject, kind) and queues one message per channel', () => {
    const r = apply(emptyBook(), rpoEvent('Autopilot.Rpo.Breached', '2026-11-21T09:00:00.000Z'));
    expect(r.outcomes).toEqual([{ kind: 'rpo', outcome: 'opened', incidentId: expect.stringMatching(/^rpo:/) as string }]);
    expect(r.book.incidents).toHaveLength(1);
    expect(r.book.outbox.map((e) => [e.channel, e.message])).toEqual([
      ['teams', 'opened'],
      ['email', 'opened'],
    ]);
  });

  it('drops a redelivered event: same id, no change, nothing queued', () => {
    const e = rpoEvent('Autopilot.Rpo.Breached', '2026-11-21T09:00:00.000Z');
    const once = apply(emptyBook(), e);
    const twice = apply(once.book, e);
    expect(twice.book).toBe(once.book);
    expect(twice.outcomes[0]?.outcome).toBe('duplicate');
  });

  it('announces a status change as an update, refreshes silently otherwise', () => {
    let b = apply(emptyBook(), rpoEvent('Autopilot.Rpo.AtRisk', '2026-11-21T08:00:00.000Z')).book;
    const up = apply(b, rpoEvent('Autopilot.Rpo.Breached', '2026-11-21T09:00:00.000Z'));
    expect(up.outcomes[0]?.outcome).toBe('updated');
    expect(up.book.incidents[0]?.severity).toBe('error');
    b = apply(emptyBook(), jobEvent('Autopilot.Backup.JobFailed', '2026-11-21T08:00:00.000Z', 1)).book;
    const again = apply(b, jobEvent('Autopilot.Backup.JobFailed', '2026-11-21T09:00:00.000Z', 2));
    expect(again.outcomes[0]?.outcome).toBe('refreshed');
    expect(again.queued).toBe(0);
    expect(again.book.incidents[0]?.facts.failedJobs).toHaveLength(2);
  });

  it('resolves on the clearing event, once, and ignores a late event older than what it knows', () => {
    const opened = apply(emptyBook(), rpoEvent('Autopilot.Rpo.Breached', '2026-11-21T08:00:00.000Z')).book;
    const resolved = apply(opened, rpoEvent('Autopilot.Rpo.Recovered', '2026-11-21T09:00:00.000Z'));
    expect(resolved.outcomes[0]?.outcome).toBe('resolved');
    expect(resolved.book.incidents[0]).toMatchObject({ state: 'resolved', resolution: 'verdict ok' });
    const late = apply(resolved.book, rpoEvent('Autopilot.Rpo.AtRisk', '2026-11-21T07:00:00.000Z'));
    expect(late.outcomes[0]?.outcome).toBe('stale');
    const nothing = apply(emptyBook(), rpoEvent('Autopilot.Rpo.Recovered', '2026-11-21T09:00:00.000Z'));
    expect(nothing.outcomes[0]?.outcome).toBe('no incident');
  });

  it('a good backup clears job-failing, remediation and threshold incidents; restore jobs are not mapped', () => {
    expect(signalsOf(jobEvent('Autopilot.Backup.JobSucceeded', '2026-11-21T09:00:00.000Z', 3)).map((s) => [s.action, s.kind])).toEqual([
      ['clear', 'job-failing'],
      ['clear', 'remediation-exhausted'],
      ['clear', 'threshold-breached'],
    ]);
  });

  it('reminds once per period for open incidents only', () => {
    const b = apply(emptyBook(), jobEvent('Autopilot.Backup.JobFailed', '2026-11-21T08:00:00.000Z', 1)).book;
    const day = 24 * 3600_000;
    expect(remind(b, new Date(NOW.getTime() + day - 1), day, CH).reminded).toBe(0);
    const r = remind(b, new Date(NOW.getTime() + day), day, CH);
    expect(r.reminded).toBe(1);
    expect(r.book.outbox.filter((e) => e.message === 'reminder')).toHaveLength(2);
    expect(remind(r.book, new Date(NOW.getTime() + day + 60_000), day, CH).reminded).toBe(0);
  });

  it('severity follows the problem and is raised for a tier with a target of an hour or less', () => {
    expect(severityOf('rpo', 'at-risk', 'P1D')).toBe('warning');
    expect(severityOf('rpo', 'breached', 'P1D')).toBe('error');
    expect(severityOf('rpo', 'breached', 'PT15M')).toBe('critical');
    expect(severityOf('job-failing', 'failing', null)).toBe('warning');
    expect(severityOf('remediation-exhausted', 'budget exhausted', null)).toBe('error');
  });

  it('forgets resolved incidents after a week and refuses an unrecognised document', () => {
    const opened = apply(emptyBook(), rpoEvent('Autopilot.Rpo.Breached', '2026-11-21T08:00:00.000Z')).book;
    const resolved = apply(opened, rpoEvent('Autopilot.Rpo.Recovered', '2026-11-21T09:00:00.000Z')).book;
    expect(prune(resolved, new Date('2026-11-27T09:00:00.000Z'))).toBe(resolved);
    expect(prune(resolved, new Date('2026-11-29T09:00:00.000Z')).incidents).toEqual([]);
    expect(() => parseBook({})).toThrow(/unrecognised/);
  });
});
