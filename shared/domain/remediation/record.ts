// The documents remediation keeps in blob state, as plain values: one record per failed job (what failed, and the
// claim state machine of claim.ts) and one ledger per instance (the day's re-runs, for the budget). Parsing is
// defensive: a document this code cannot read is treated as absent by the caller only where that is safe.
import type { ClaimRecord } from './claim.js';

/** A failed backup as remediation needs it (from a JobFailed event, or a failed re-run). */
export interface FailedJob {
  readonly instanceId: string;
  readonly name: string;
  readonly vault: string | null;
  readonly cluster: string | null;
  /** ARM id of the job (or its name). */
  readonly jobId: string;
  readonly startTime: string | null;
  readonly endTime: string | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly isRetryable: boolean | null;
  readonly isUserError: boolean | null;
}

export interface RemediationRecord {
  readonly failure: FailedJob;
  readonly claim: ClaimRecord;
  /** Set once a re-run is reserved: its place in the day's budget. */
  readonly attempt?: number;
  readonly budget?: number;
}

/**
 * The same job named by three detectors: an ARM id (Resource Graph, alerts) or the bare job GUID (Log Analytics'
 * JobUniqueId). Its last segment, lower-cased, is the one key they all agree on — for state and for event ids.
 */
export function jobKey(jobId: string): string {
  return (jobId.split('/').filter(Boolean).pop() ?? jobId).toLowerCase();
}

export const recordKey = (jobId: string): string => `remediation/jobs/${jobKey(jobId)}`;
export const ledgerKey = (instanceId: string): string => `remediation/budgets/${instanceId}`;
export const RECORD_PREFIX = 'remediation/jobs/';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseRecord(value: unknown): RemediationRecord | undefined {
  if (!isObject(value) || !isObject(value.failure) || !isObject(value.claim)) return undefined;
  const status = value.claim.status;
  if (status !== 'claimed' && status !== 'triggered' && status !== 'finished') return undefined;
  if (typeof value.failure.instanceId !== 'string' || typeof value.failure.jobId !== 'string') return undefined;
  return value as unknown as RemediationRecord;
}

// ---- The per-instance ledger of re-runs (the budget counts its entries of the current UTC day).

export interface LedgerEntry {
  /** jobKey of the failed job this re-run is for. */
  readonly failedJob: string;
  readonly at: string;
  /** reserved: counted, not (known to be) started; started: Azure accepted it; unknown: the start failed midway. */
  readonly state: 'reserved' | 'started' | 'unknown';
  readonly rerunJobId?: string;
}

export interface Ledger {
  readonly entries: readonly LedgerEntry[];
}

export function parseLedger(value: unknown): Ledger {
  if (!isObject(value) || !Array.isArray(value.entries)) return { entries: [] };
  return {
    entries: value.entries.filter(
      (e): e is LedgerEntry => isObject(e) && typeof e.failedJob === 'string' && typeof e.at === 'string' && typeof e.state === 'string',
    ),
  };
}

/** Keeps only entries of the last two UTC days: the budget looks at today, and yesterday explains a night. */
export function pruneLedger(ledger: Ledger, now: Date): Ledger {
  const keepFrom = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 86_400_000;
  return { entries: ledger.entries.filter((e) => Date.parse(e.at) >= keepFrom) };
}

/** A reservation made earlier for this failed job and never started (a crash between reserve and trigger). */
export const openReservation = (ledger: Ledger, failedJob: string): LedgerEntry | undefined =>
  ledger.entries.find((e) => e.failedJob === failedJob && e.state === 'reserved');

/** Changes (or, with null, removes) the newest entry for `failedJob` that has not started yet. */
export function updateEntry(ledger: Ledger, failedJob: string, change: Partial<LedgerEntry> | null): Ledger {
  const index = ledger.entries.findLastIndex((e) => e.failedJob === failedJob && e.state !== 'started');
  if (index < 0) return ledger;
  const entries = [...ledger.entries];
  if (change === null) entries.splice(index, 1);
  else entries[index] = { ...entries[index]!, ...change };
  return { entries };
}
