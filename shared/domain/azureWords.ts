// Azure's own words for a job's status and an instance's protection, read the way Azure writes them. Its sources
// disagree: the REST spec's enum says Completed / InProgress, the spec's own examples say Succeeded / Started, and the
// generated docs say Success. Every reader (RPO, detectors, re-run follow, remediation, the Resource Graph and Log
// Analytics queries) takes its words from this one table, so a variant accepted in one place is accepted everywhere.
// A word not in the table is kept verbatim by the readers and treated as unsettled: never success, never failure.

/** What a job status means to the product. */
export type JobPhase = 'succeeded' | 'succeeded-with-warnings' | 'failed' | 'cancelled' | 'running' | 'unsettled';

/** Every spelling of each known phase (compared case-insensitively). */
export const JOB_STATUS_WORDS = {
  succeeded: ['Completed', 'Succeeded', 'Success'],
  'succeeded-with-warnings': ['CompletedWithWarnings'],
  failed: ['Failed'],
  // The jobs enum writes Cancelled, the operation-status enum Canceled.
  cancelled: ['Cancelled', 'Canceled'],
  running: ['InProgress', 'Started'],
} as const satisfies Record<Exclude<JobPhase, 'unsettled'>, readonly string[]>;

/**
 * Statuses of a job that has not ended: running, or on its way to an outcome. The detectors leave such a job for a
 * later tick; a word outside the table with an end time is read as ended (and publishes nothing).
 */
export const NOT_ENDED_WORDS: readonly string[] = [...JOB_STATUS_WORDS.running, 'Cancelling', 'Paused', 'NotStarted'];

const PHASE_BY_WORD = new Map<string, JobPhase>(
  (Object.entries(JOB_STATUS_WORDS) as [Exclude<JobPhase, 'unsettled'>, readonly string[]][]).flatMap(([phase, words]) =>
    words.map((w) => [w.toLowerCase(), phase] as const),
  ),
);

export function jobPhase(status: string | null | undefined): JobPhase {
  return PHASE_BY_WORD.get((status ?? '').trim().toLowerCase()) ?? 'unsettled';
}

/** The job made its backup (or restore), with or without warnings. */
export const endedWell = (status: string | null | undefined): boolean => {
  const phase = jobPhase(status);
  return phase === 'succeeded' || phase === 'succeeded-with-warnings';
};

/** The job ended without doing its work. */
export const endedBadly = (status: string | null | undefined): boolean => {
  const phase = jobPhase(status);
  return phase === 'failed' || phase === 'cancelled';
};

export const isRunning = (status: string | null | undefined): boolean => jobPhase(status) === 'running';

export const hasEnded = (status: string | null | undefined): boolean =>
  !NOT_ENDED_WORDS.some((w) => w.toLowerCase() === (status ?? '').trim().toLowerCase());

// ---- Protection: `currentProtectionState`, or when absent `protectionStatus.status` (three of the four 2026-03-01
// backup instance examples, the AKS one included, carry only the latter).

export interface ErrorWords {
  readonly code?: string | undefined;
  readonly message?: string | undefined;
}

export interface ProtectionWords {
  readonly currentProtectionState?: string | undefined;
  readonly protectionStatus?: { readonly status?: string | undefined; readonly errorDetails?: ErrorWords | undefined } | undefined;
  readonly protectionErrorDetails?: ErrorWords | undefined;
}

export interface ProtectionReading {
  /** The state as Azure wrote it; undefined when neither field says anything. */
  readonly state: string | undefined;
  /** "code: message" of the error that goes with it, if any. */
  readonly error: string | undefined;
}

export function readProtection(p: ProtectionWords): ProtectionReading {
  const current = nonEmpty(p.currentProtectionState);
  const status = nonEmpty(p.protectionStatus?.status);
  const statusError = p.protectionStatus?.errorDetails;
  // Each state's own error first: the status's error describes the status, protectionErrorDetails the current state.
  const error = current ? (p.protectionErrorDetails ?? statusError) : (statusError ?? p.protectionErrorDetails);
  return { state: current ?? status, error: describe(error) };
}

function nonEmpty(text: string | undefined): string | undefined {
  const t = text?.trim();
  return t ? t : undefined;
}

function describe(error: ErrorWords | undefined): string | undefined {
  if (!error) return undefined;
  return [error.code, error.message].filter((x): x is string => typeof x === 'string' && x !== '').join(': ') || undefined;
}

/** The datasource type of an AKS backup instance and its jobs. */
export const AKS_DATASOURCE_TYPE = 'Microsoft.ContainerService/managedClusters';

/** Azure spells the AKS datasource type with two casings (CLI vs spec examples): compare case-insensitively. */
export function isAksDatasource(type: string | null | undefined): boolean {
  return type?.toLowerCase() === AKS_DATASOURCE_TYPE.toLowerCase();
}
