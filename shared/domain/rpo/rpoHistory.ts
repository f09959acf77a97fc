// The RPO verdict history the monitor keeps between ticks, and the rules that turn a new observation into a
// state-change event. Pure: the history is a plain JSON value; reading and writing it (under an ETag) is the use
// case's job.
//
// Rules (README "Events"):
// - An event fires when a subject ENTERS breached or at-risk, or RETURNS to ok from at-risk/breached.
// - `unknown` says nothing about freshness (a read failed, protection is suspended, nothing landed yet): it raises
//   nothing and clears nothing. The last known verdict is kept through it, so breached → unknown → breached is silent
//   and breached → unknown → ok is a recovery.
// - A subject seen for the first time (including the very first run, when there is no history at all) is compared
//   with "ok": a fleet already in trouble raises one event per troubled subject, a healthy one raises none.
// - Subjects no longer observed (deleted instances, removed sources) are dropped without an event.
import type { Verdict } from './rpo.js';

export type KnownVerdict = Exclude<Verdict, 'unknown'>;
export type RpoChange = 'breached' | 'at-risk' | 'recovered';

export interface SubjectRecord {
  /** Verdict at the last tick (may be unknown). */
  readonly verdict: Verdict;
  /** When `verdict` was first observed. */
  readonly since: string;
  /** The last ok/at-risk/breached verdict; unknown never overwrites it. Null until one was seen. */
  readonly lastKnown: KnownVerdict | null;
  /**
   * The subject's RPO target at the last tick (ISO 8601; null = no target). Incidents of every kind read it here to
   * rank a ≤ 1 h subject one step more severe: only the RPO check knows targets. Absent in documents written before.
   */
  readonly targetRpo?: string | null;
}

/** An event recorded with the transition that caused it; it leaves the history once the topic accepted it. */
export interface PendingEvent {
  readonly id: string;
  readonly event: Readonly<Record<string, unknown>>;
  /** The tick publishing it right now, and until when that claim holds (a tick that died lets it lapse). */
  readonly claimedBy: string | null;
  readonly claimedUntil: string | null;
}

export interface RpoHistory {
  readonly version: 1;
  /** By subject, lower-cased (ARM ids compare case-insensitively). */
  readonly subjects: Readonly<Record<string, SubjectRecord>>;
  readonly pending: readonly PendingEvent[];
}

export interface Observation {
  /** ARM id of the backup instance, or blob://<source name>. */
  readonly subject: string;
  readonly verdict: Verdict;
  /** Its target as judged (undefined = not known to the caller: the stored one is kept). */
  readonly targetRpo?: string | null;
}

export interface SubjectChange {
  readonly subject: string;
  readonly change: RpoChange;
  /** The last known verdict before this one; null for a subject seen for the first time. */
  readonly previous: KnownVerdict | null;
}

export const emptyHistory = (): RpoHistory => ({ version: 1, subjects: {}, pending: [] });

/** Which event (if any) moving from the last known verdict to the observed one raises. */
export function changeOf(lastKnown: KnownVerdict | null, observed: Verdict): RpoChange | undefined {
  if (observed === 'unknown') return undefined;
  const from = lastKnown ?? 'ok';
  if (observed === from) return undefined;
  if (observed === 'breached') return 'breached';
  if (observed === 'at-risk') return 'at-risk'; // from ok, or down from breached (still short of the target's comfort zone)
  return 'recovered'; // ok, from at-risk or breached
}

/** The history after this tick's observations, and the changes that deserve an event. */
export function advance(
  history: RpoHistory,
  observations: readonly Observation[],
  now: Date,
): { history: RpoHistory; changes: SubjectChange[] } {
  const subjects: Record<string, SubjectRecord> = {};
  const changes: SubjectChange[] = [];
  for (const o of observations) {
    const key = o.subject.toLowerCase();
    const before = history.subjects[key];
    const change = changeOf(before?.lastKnown ?? null, o.verdict);
    if (change) changes.push({ subject: o.subject, change, previous: before?.lastKnown ?? null });
    const targetRpo = o.targetRpo === undefined ? before?.targetRpo : o.targetRpo;
    const record: SubjectRecord =
      before?.verdict === o.verdict
        ? before
        : { verdict: o.verdict, since: now.toISOString(), lastKnown: o.verdict === 'unknown' ? (before?.lastKnown ?? null) : o.verdict };
    subjects[key] = targetRpo === undefined || record.targetRpo === targetRpo ? record : { ...record, targetRpo };
  }
  return { history: { ...history, subjects }, changes };
}

/** True when the two histories differ in anything worth a write. */
export function sameHistory(a: RpoHistory, b: RpoHistory): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Adds events to the pending list; an id already pending is kept as it is (same fact, same event). */
export function addPending(history: RpoHistory, events: readonly { id: string; event: Readonly<Record<string, unknown>> }[]): RpoHistory {
  const known = new Set(history.pending.map((p) => p.id));
  const added = events.filter((e) => !known.has(e.id)).map((e) => ({ ...e, claimedBy: null, claimedUntil: null }));
  return added.length === 0 ? history : { ...history, pending: [...history.pending, ...added] };
}

/** Claims every pending event nobody holds (never claimed, released, or whose claim lapsed) for `tick`. */
export function claimPending(
  history: RpoHistory,
  tick: string,
  now: Date,
  leaseMs: number,
): { history: RpoHistory; claimed: PendingEvent[] } {
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const claimed: PendingEvent[] = [];
  const pending = history.pending.map((p) => {
    const held = p.claimedBy !== null && p.claimedUntil !== null && Date.parse(p.claimedUntil) > now.getTime();
    if (held) return p;
    const mine = { ...p, claimedBy: tick, claimedUntil: until };
    claimed.push(mine);
    return mine;
  });
  return { history: claimed.length === 0 ? history : { ...history, pending }, claimed };
}

/** Drops events the topic accepted. */
export function settlePending(history: RpoHistory, ids: ReadonlySet<string>): RpoHistory {
  return { ...history, pending: history.pending.filter((p) => !ids.has(p.id)) };
}

/** Gives back this tick's claims (its publish failed), so the next tick publishes them without waiting for the lease. */
export function releasePending(history: RpoHistory, ids: ReadonlySet<string>, tick: string): RpoHistory {
  return {
    ...history,
    pending: history.pending.map((p) => (ids.has(p.id) && p.claimedBy === tick ? { ...p, claimedBy: null, claimedUntil: null } : p)),
  };
}

const VERDICTS: readonly string[] = ['ok', 'at-risk', 'breached', 'unknown'];
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringOrNull = (v: unknown): boolean => v === null || typeof v === 'string';

/** Reads a stored history; throws on anything else rather than start over (starting over would re-announce the fleet). */
export function parseHistory(value: unknown): RpoHistory {
  const bad = (what: string): never => {
    throw new Error(`the stored RPO history is not valid (${what}); fix or delete the document`);
  };
  if (!isRecord(value) || value.version !== 1) return bad('version must be 1');
  if (!isRecord(value.subjects)) return bad('subjects must be an object');
  if (!Array.isArray(value.pending)) return bad('pending must be an array');
  for (const [key, r] of Object.entries(value.subjects)) {
    if (!isRecord(r) || typeof r.verdict !== 'string' || !VERDICTS.includes(r.verdict) || typeof r.since !== 'string')
      return bad(`subjects["${key}"]`);
    if (r.lastKnown !== null && (typeof r.lastKnown !== 'string' || r.lastKnown === 'unknown' || !VERDICTS.includes(r.lastKnown))) {
      bad(`subjects["${key}"].lastKnown`);
    }
    if (r.targetRpo !== undefined && !isStringOrNull(r.targetRpo)) bad(`subjects["${key}"].targetRpo`);
  }
  value.pending.forEach((p: unknown, i) => {
    if (!isRecord(p) || typeof p.id !== 'string' || !isRecord(p.event) || !isStringOrNull(p.claimedBy) || !isStringOrNull(p.claimedUntil)) {
      bad(`pending[${i}]`);
    }
  });
  return value as unknown as RpoHistory;
}

/** The subject's target as the last RPO tick judged it: null = none, undefined = not known (never judged, or older data). */
export function targetOf(history: RpoHistory, subject: string): string | null | undefined {
  return history.subjects[subject.toLowerCase()]?.targetRpo;
}
