// Sends what the outbox holds. A run, per channel (the book is one blob, every write If-Match):
//
//   WRITE 1: claim due entries (lease CLAIM_LEASE_MS) ─► send one ─► WRITE 2: settle it (sent → removed; failed →
//   retry later with backoff) ─► next one …
//
// - dies before write 1: nothing claimed; the next run does it.
// - dies after a claim, before the send: the lease lapses and a later run sends it — nothing is lost.
// - dies after the send, before settling: the lease lapses and the message goes again. That window is one request
//   wide for Teams (a webhook has no idempotency key); for email the retry carries the same ACS Operation-Id, which
//   the service treats as the same operation, so it is not sent twice.
// - two runs at once: one claim write wins; the other re-reads and finds the entries claimed.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { prune, remind, type Channel, type OutboxEntry } from '../../domain/incidents/book.js';
import { digestMessage } from '../../domain/cards/digestCard.js';
import { incidentMessage } from '../../domain/cards/incidentCard.js';
import { renderDigest, renderEmail, useDigest } from '../../domain/notify/email.js';
import { claimDue, settle, type Backoff, type SendResult } from '../../domain/notify/outbox.js';
import { updateBook } from './notifyBook.js';
import { RateGate } from './notifyRate.js';
import type { EmailSender, StateStore, TeamsSender } from '../ports.js';

/** Well beyond one send with its SDK retries. */
export const CLAIM_LEASE_MS = 5 * 60_000;
/** Teams messages per run: at 4 a second a run stays well inside a function's time limit; the rest go next run. */
const TEAMS_PER_RUN = 120;

export interface OutboxSettings {
  readonly portalUrl: string;
  readonly reminderEveryMs: number;
  readonly digestThreshold: number;
  readonly teamsPerSecond: number;
  /** More Teams messages than this due in one run become one summary card. */
  readonly teamsDigestThreshold: number;
  readonly backoff: Backoff;
}

export interface OutboxDeps {
  readonly store: StateStore;
  readonly clock: Clock;
  readonly teams: TeamsSender | undefined;
  readonly email: EmailSender | undefined;
  readonly settings: OutboxSettings;
  readonly newRunId?: () => string;
}

export interface DrainResult {
  readonly sent: number;
  readonly failed: readonly { readonly id: string; readonly error: string }[];
}

export interface TickResult {
  readonly reminded: number;
  readonly teams: DrainResult;
  readonly email: DrainResult;
}

export class NotificationOutbox {
  private readonly gate: RateGate;

  constructor(private readonly deps: OutboxDeps) {
    this.gate = new RateGate(deps.settings.teamsPerSecond);
  }

  /** The channels configured, in the order messages are queued for them. */
  get channels(): Channel[] {
    return [...(this.deps.teams ? (['teams'] as const) : []), ...(this.deps.email ? (['email'] as const) : [])];
  }

  /** The timer: queue reminders, forget old resolved incidents, then send everything due. */
  async tick(): Promise<TickResult> {
    const reminded = await updateBook(this.deps.store, this.now, (book, now) => {
      const r = remind(prune(book, now), now, this.deps.settings.reminderEveryMs, this.channels);
      return { book: r.book, result: r.reminded };
    });
    const teams = await this.drain('teams');
    const email = await this.drain('email');
    return { reminded, teams, email };
  }

  /** Sends the due entries of one channel. Only state-store failures throw; a failed send is recorded for retry. */
  async drain(channel: Channel): Promise<DrainResult> {
    const sender = channel === 'teams' ? this.deps.teams : this.deps.email;
    if (!sender) return { sent: 0, failed: [] };
    const runId = (this.deps.newRunId ?? randomUUID)();
    const claimed = await updateBook(this.deps.store, this.now, (book, now) => {
      const r = claimDue(book, now, { channel, runId, leaseMs: CLAIM_LEASE_MS, limit: channel === 'teams' ? TEAMS_PER_RUN : 500 });
      return { book: r.book, result: r.claimed };
    });
    if (claimed.length === 0) return { sent: 0, failed: [] };
    const results = channel === 'teams' ? await this.sendTeams(claimed, runId) : await this.sendEmail(claimed, runId);
    const failed = results.flatMap((r) => (r.error === undefined ? [] : [{ id: r.id, error: r.error }]));
    return { sent: results.filter((r) => r.error === undefined && !r.released).length, failed };
  }

  private async sendTeams(entries: readonly OutboxEntry[], runId: string): Promise<SendResult[]> {
    if (useDigest(entries.length, this.deps.settings.teamsDigestThreshold)) {
      await this.gate.wait();
      const r = await attempt('digest', () => this.deps.teams!.post(digestMessage(entries)));
      const results = entries.map((e) => ({ id: e.id, ...(r.error === undefined ? {} : { error: r.error }) }));
      await this.settle(runId, results);
      return results;
    }
    const results: SendResult[] = [];
    const failedIncidents = new Set<string>();
    for (const e of entries) {
      let result: SendResult;
      if (failedIncidents.has(e.incident.id)) result = { id: e.id, released: true };
      else {
        await this.gate.wait();
        result = await attempt(e.id, () => this.deps.teams!.post(incidentMessage(e.incident, e.message, this.deps.settings.portalUrl)));
        if (result.error !== undefined) failedIncidents.add(e.incident.id);
      }
      // Settled one by one: the window in which a crash would resend a Teams message is one request, not a batch.
      await this.settle(runId, [result]);
      results.push(result);
    }
    return results;
  }

  private async sendEmail(entries: readonly OutboxEntry[], runId: string): Promise<SendResult[]> {
    const { portalUrl, digestThreshold } = this.deps.settings;
    const results: SendResult[] = [];
    if (useDigest(entries.length, digestThreshold)) {
      const digest = renderDigest(entries, portalUrl);
      const id = `digest:${entries.map((e) => e.id).join(',')}`;
      const r = await attempt(id, () => this.deps.email!.send({ id, ...digest }));
      results.push(...entries.map((e) => ({ id: e.id, ...(r.error === undefined ? {} : { error: r.error }) })));
    } else {
      const failedIncidents = new Set<string>();
      for (const e of entries) {
        if (failedIncidents.has(e.incident.id)) {
          results.push({ id: e.id, released: true });
          continue;
        }
        const r = await attempt(e.id, () => this.deps.email!.send({ id: e.id, ...renderEmail(e, portalUrl) }));
        if (r.error !== undefined) failedIncidents.add(e.incident.id);
        results.push(r);
      }
    }
    await this.settle(runId, results);
    return results;
  }

  private settle(runId: string, results: readonly SendResult[]): Promise<void> {
    return updateBook(this.deps.store, this.now, (book, now) => ({
      book: settle(book, runId, results, now, this.deps.settings.backoff),
      result: undefined,
    }));
  }

  private readonly now = (): Date => this.deps.clock.now();
}

async function attempt(id: string, send: () => Promise<void>): Promise<SendResult> {
  try {
    await send();
    return { id };
  } catch (e) {
    return { id, error: e instanceof Error ? e.message : String(e) };
  }
}
