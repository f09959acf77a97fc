// What messages say: a "Resolved" message carries the facts at resolution, not those of the opening; a subject whose
// target is an hour or less is one step more severe for every kind of incident (its target comes from the RPO
// timer's history); every text of a card, its envelope and an email is clipped.
import { describe, expect, it } from 'vitest';
import { digestMessage } from '../../shared/domain/cards/digestCard.js';
import { incidentMessage } from '../../shared/domain/cards/incidentCard.js';
import { applyEvent } from '../../shared/domain/incidents/apply.js';
import { emptyBook, type MessageKind, type NotifyBook, type OutboxEntry } from '../../shared/domain/incidents/book.js';
import { signalsOf } from '../../shared/domain/incidents/fromEvent.js';
import { knownTarget, withTarget } from '../../shared/domain/incidents/target.js';
import type { Incident } from '../../shared/domain/incidents/types.js';
import { renderDigest, renderEmail } from '../../shared/domain/notify/email.js';
import { TEXT_LIMITS } from '../../shared/domain/notify/present.js';
import { advance, emptyHistory } from '../../shared/domain/rpo/rpoHistory.js';
import { buildEvent, type AutopilotCloudEvent } from '../../shared/events/cloudEvent.js';
import { IncidentIntake } from '../../shared/usecases/notify/incidentIntake.js';
import type { NotificationOutbox } from '../../shared/usecases/notify/notificationOutbox.js';
import { BOOK_KEY } from '../../shared/usecases/notify/notifyBook.js';
import { ConcurrencyError, type StateStore, type StoredDocument } from '../../shared/usecases/ports.js';
import { HISTORY_KEY } from '../../shared/usecases/rpo/rpoMonitor.js';
import { jobEvent, rpoEvent, sampleIncident, SUBJECT } from './incidentFixtures.js';
import { markdownLiteral } from '../../shared/domain/notify/inertText.js';

const NOW = new Date('2026-11-21T12:00:00.000Z');
const CH = ['teams', 'email'] as const;
const PORTAL = 'https://portal.azure.com';
const apply = (book: NotifyBook, e: AutopilotCloudEvent, target?: string | null) =>
  applyEvent(book, e, withTarget(signalsOf(e), target), NOW, CH).book;
const entry = (book: NotifyBook, message: MessageKind): OutboxEntry =>
  book.outbox.find((e) => e.message === message && e.channel === 'email')!;
const place = { name: 'orders', vault: 'bv-prod', cluster: 'aks-prod' };

function recovered(at: string, latestRecoveryPoint: string, ageSeconds: number): AutopilotCloudEvent {
  return buildEvent('Autopilot.Rpo.Recovered', {
    subject: SUBJECT,
    time: new Date(at),
    factKey: latestRecoveryPoint,
    data: {
      ...place,
      verdict: 'ok',
      previousVerdict: 'breached',
      reason: 'newest recovery point is PT10M old, within the PT4H target',
      targetRpo: 'PT4H',
      latestRecoveryPoint,
      ageSeconds,
      kind: 'backupInstance',
    },
  });
}

function stop(type: 'Autopilot.Remediation.Exhausted', at: string): AutopilotCloudEvent {
  return buildEvent(type, {
    subject: SUBJECT,
    time: new Date(at),
    factKey: `stop-${at}`,
    data: {
      ...place,
      failedJobId: `${SUBJECT}/backupJobs/job-9`,
      errorCode: 'UserErrorSnapshotFailed',
      errorMessage: 'snapshot failed',
      rule: 'budget',
      why: 'three re-runs today, all failed',
      used: 3,
      budget: 3,
      resetsAt: '2026-11-22T00:00:00.000Z',
    },
  });
}

function threshold(at: string): AutopilotCloudEvent {
  return buildEvent('Autopilot.Backup.ThresholdBreached', {
    subject: SUBJECT,
    time: new Date(at),
    factKey: `threshold-${at}`,
    data: {
      ...place,
      metric: 'backupSuccessRate',
      value: 0.5,
      threshold: 0.95,
      window: 'P1D',
      windowEnd: at,
      sampleSize: 6,
    },
  });
}

describe('a resolved message', () => {
  it('shows the newest recovery point and its age vs target at recovery, in Teams and email', () => {
    const opened = apply(emptyBook(), rpoEvent('Autopilot.Rpo.Breached', '2026-11-21T09:00:00.000Z')); // point 2026-11-20T00:00, 5h old
    const book = apply(opened, recovered('2026-11-21T11:00:00.000Z', '2026-11-21T10:50:00.000Z', 600));
    const i = book.incidents[0]!;
    expect(i.facts).toMatchObject({ latestRecoveryPoint: '2026-11-21T10:50:00.000Z', ageSeconds: 600, targetRpo: 'PT4H' });
    const card = JSON.stringify(incidentMessage(i, 'resolved', PORTAL));
    expect(card).toContain('2026-11-21T10:50:00.000Z');
    expect(card).toContain(JSON.stringify(markdownLiteral('10m (target 4h)')).slice(1, -1)); // shown literally
    expect(card).not.toContain('2026-11-20T00:00:00.000Z');
    expect(card).not.toContain('5h 0m');
    const email = renderEmail(entry(book, 'resolved'), PORTAL);
    expect(email.plainText).toContain('Newest recovery point: 2026-11-21T10:50:00.000Z');
    expect(email.plainText).toContain('Age vs target: 10m (target 4h)');
    // The opening message, queued before, still says what was true then.
    expect(renderEmail(entry(book, 'opened'), PORTAL).plainText).toContain('Age vs target: 5h 0m (target 4h)');
  });

  it('a job failure resolved by a good backup names that job and no longer shows the error', () => {
    const opened = apply(emptyBook(), jobEvent('Autopilot.Backup.JobFailed', '2026-11-21T09:00:00.000Z', 1));
    const book = apply(opened, jobEvent('Autopilot.Backup.JobSucceeded', '2026-11-21T10:00:00.000Z', 2));
    const text = renderEmail(entry(book, 'resolved'), PORTAL).plainText;
    expect(text).toContain('Job: job-2');
    expect(text).not.toContain('UserErrorSnapshotFailed');
    expect(JSON.stringify(incidentMessage(book.incidents[0]!, 'resolved', PORTAL))).not.toContain(
      'Snapshot of the persistent volume failed',
    );
  });
});

describe('the severity bump for a subject with a target of an hour or less', () => {
  const opened = (e: AutopilotCloudEvent, target: string | null | undefined) => apply(emptyBook(), e, target).incidents[0]!.severity;

  it.each([
    ['job-failing', jobEvent('Autopilot.Backup.JobFailed', '2026-11-21T09:00:00.000Z', 1), 'warning', 'error'],
    ['remediation-exhausted', stop('Autopilot.Remediation.Exhausted', '2026-11-21T09:00:00.000Z'), 'error', 'critical'],
    ['threshold-breached', threshold('2026-11-21T09:00:00.000Z'), 'warning', 'error'],
  ] as const)('applies to %s as to rpo', (_kind, event, base, bumped) => {
    expect(opened(event, undefined)).toBe(base);
    expect(opened(event, 'P1D')).toBe(base);
    expect(opened(event, 'PT1H')).toBe(bumped);
    expect(opened(event, 'PT15M')).toBe(bumped);
  });

  it('never replaces the target an RPO event carries, and knows the target of an earlier incident of the subject', () => {
    expect(apply(emptyBook(), rpoEvent('Autopilot.Rpo.Breached', '2026-11-21T09:00:00.000Z', 'P1D'), 'PT15M').incidents[0]!.severity).toBe(
      'error',
    );
    const book = apply(emptyBook(), rpoEvent('Autopilot.Rpo.AtRisk', '2026-11-21T09:00:00.000Z', 'PT30M'));
    expect(knownTarget(book, SUBJECT.toUpperCase())).toBe('PT30M');
    expect(knownTarget(book, `${SUBJECT}-other`)).toBeUndefined();
  });

  it('IncidentIntake reads the target the RPO timer recorded for the subject', async () => {
    const store = new MemoryStore();
    const history = advance(emptyHistory(), [{ subject: SUBJECT, verdict: 'ok', targetRpo: 'PT15M' }], NOW).history;
    await store.create(HISTORY_KEY, history);
    const outbox = { channels: ['teams'], drain: () => Promise.resolve({ sent: 0, failed: [] }) } as unknown as NotificationOutbox;
    const intake = new IncidentIntake({
      store,
      clock: { now: () => NOW },
      outbox,
      watchedSubscriptions: ['11111111-1111-1111-1111-111111111111'],
    });
    await intake.handle(jobEvent('Autopilot.Backup.JobFailed', '2026-11-21T11:00:00.000Z', 1));
    await intake.handle(threshold('2026-11-21T11:01:00.000Z'));
    const book = (await store.read(BOOK_KEY))!.value as NotifyBook;
    expect(book.incidents.map((i) => [i.kind, i.severity, i.facts.targetRpo])).toEqual([
      ['job-failing', 'error', 'PT15M'],
      ['threshold-breached', 'error', 'PT15M'],
    ]);
  });
});

describe('every text of a message is clipped', () => {
  const huge = (c: string) => c.repeat(20_000);
  const incident = (over: Partial<Incident> = {}): Incident =>
    sampleIncident({
      subject: `${SUBJECT}${huge('s')}`,
      resolution: huge('r'),
      openedAt: huge('o'),
      facts: {
        name: huge('n'),
        vault: huge('v'),
        cluster: huge('c'),
        status: huge('t'),
        summary: huge('u'),
        targetRpo: `PT${huge('9')}M`,
        latestRecoveryPoint: huge('l'),
        ageSeconds: 1e15,
        jobId: `${SUBJECT}/backupJobs/${huge('j')}`,
        errorCode: huge('e'),
        errorMessage: huge('m'),
        rerunsUsed: 2,
        rerunBudget: 3,
        metric: huge('x'),
        failedJobs: [huge('f'), huge('g')],
      },
      ...over,
    });
  const strings = (v: unknown): string[] =>
    typeof v === 'string'
      ? [v]
      : Array.isArray(v)
        ? v.flatMap(strings)
        : v && typeof v === 'object'
          ? Object.values(v).flatMap(strings)
          : [];
  const KINDS: MessageKind[] = ['opened', 'updated', 'reminder', 'resolved'];

  it.each(KINDS)('a %s card: every string within limits, the envelope summary within the title limit', (kind) => {
    const m = incidentMessage(incident(), kind, PORTAL);
    expect(m.summary!.length).toBeLessThanOrEqual(TEXT_LIMITS.title);
    expect(Math.max(...strings(m).map((s) => s.length))).toBeLessThanOrEqual(TEXT_LIMITS.text);
    // Links that would be cut are left out rather than broken.
    expect(m.attachments[0].content.actions ?? []).toEqual([]);
  });

  it('a digest card, an email and a digest email: every string within limits', () => {
    const entries: OutboxEntry[] = KINDS.map((message, n) => ({
      id: `e${n}`,
      channel: 'email',
      message,
      incident: incident(),
      createdAt: NOW.toISOString(),
      attempts: 0,
      nextAttemptAt: NOW.toISOString(),
      lastError: null,
      claimedBy: null,
      claimedUntil: null,
    }));
    const digest = digestMessage(entries);
    expect(digest.summary!.length).toBeLessThanOrEqual(TEXT_LIMITS.title);
    expect(Math.max(...strings(digest).map((s) => s.length))).toBeLessThanOrEqual(TEXT_LIMITS.text);
    for (const e of entries) {
      const mail = renderEmail(e, PORTAL);
      expect(mail.subject.length).toBeLessThanOrEqual(TEXT_LIMITS.title + 40);
      for (const line of mail.plainText.split('\n')) expect(line.length).toBeLessThanOrEqual(TEXT_LIMITS.fact + 40);
    }
    const mails = renderDigest(entries, PORTAL);
    for (const line of mails.plainText.split('\n'))
      expect(line.length).toBeLessThanOrEqual(2 * TEXT_LIMITS.title + TEXT_LIMITS.where + 300);
  });
});

/** The product's own state port, in memory, with the same conditional-write rules as the blob store. */
class MemoryStore implements StateStore {
  private readonly docs = new Map<string, StoredDocument>();
  private n = 0;
  read(key: string): Promise<StoredDocument | undefined> {
    const doc = this.docs.get(key);
    return Promise.resolve(doc ? { value: structuredClone(doc.value), etag: doc.etag } : undefined);
  }
  create(key: string, value: unknown): Promise<string> {
    if (this.docs.has(key)) return Promise.reject(new ConcurrencyError(key));
    return Promise.resolve(this.put(key, value));
  }
  replace(key: string, value: unknown, etag: string): Promise<string> {
    if (this.docs.get(key)?.etag !== etag) return Promise.reject(new ConcurrencyError(key));
    return Promise.resolve(this.put(key, value));
  }
  list(prefix: string): Promise<string[]> {
    return Promise.resolve([...this.docs.keys()].filter((k) => k.startsWith(prefix)).sort());
  }
  private put(key: string, value: unknown): string {
    const etag = `"${++this.n}"`;
    this.docs.set(key, { value: structuredClone(value), etag });
    return etag;
  }
}
