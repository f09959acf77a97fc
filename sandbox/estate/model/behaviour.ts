// What an instance is doing at a given instant, and how Azure would report it. The behaviour timeline is the
// scenario's lever: the schedule keeps ticking, and behaviour decides whether each slot yields a good backup,
// a failed job or nothing at all.
import type { Behaviour } from './scenario.js';
import type { InstanceState, JobError, TimelineEntry } from './types.js';

const HEALTHY: TimelineEntry = { from: Number.NEGATIVE_INFINITY, behaviour: 'healthy' };

/** Timeline entry in force at `at` (healthy before the first entry). */
export function entryAt(instance: InstanceState, at: number): TimelineEntry {
  let current = HEALTHY;
  for (const entry of instance.timeline) {
    if (entry.from > at) break;
    current = entry;
  }
  return current;
}

export const behaviourAt = (instance: InstanceState, at: number): Behaviour => entryAt(instance, at).behaviour;

/** Replaces the timeline from `from` on with one behaviour (later entries are dropped: the new state holds). */
export function setBehaviourFrom(instance: InstanceState, entry: TimelineEntry): void {
  instance.timeline = [...instance.timeline.filter((t) => t.from < entry.from), entry];
  instance.version += 1;
}

/** Behaviours under which the policy's schedule runs (and produces jobs). */
export const schedulesRun = (b: Behaviour): boolean => b === 'healthy' || b === 'failing' || b === 'protectionError';
/** Behaviours under which a job fails. */
export const jobsFail = (b: Behaviour): boolean => b === 'failing' || b === 'protectionError';

const DEFAULT_FAILURE: Record<string, { code: string; message: string }> = {
  failing: {
    code: 'UserErrorGenericFailure',
    message: 'The backup operation failed. Check the backup extension logs in the dataprotection-microsoft namespace and retry.',
  },
  protectionError: {
    code: 'UserErrorExtensionMSIMissingPermissionsOnStorageAccount',
    message: 'The backup extension identity lacks Storage Account Contributor on the backup storage account.',
  },
};

/** The error a failed job (or a protection error) reports under this timeline entry. */
export function failureOf(entry: TimelineEntry): JobError {
  const fallback = DEFAULT_FAILURE[entry.behaviour] ??
    DEFAULT_FAILURE.failing ?? { code: 'UserErrorGenericFailure', message: 'Backup failed.' };
  const code = entry.failureCode ?? fallback.code;
  return {
    code,
    message: entry.failureMessage ?? fallback.message,
    isRetryable: entry.retryable ?? true,
    isUserError: /^UserError/i.test(code),
  };
}

export interface ProtectionView {
  readonly currentProtectionState: string;
  readonly status: string;
  readonly error: JobError | undefined;
}

/** currentProtectionState / protectionStatus as DataProtection reports them for the behaviour in force now. */
export function protectionAt(instance: InstanceState, now: number): ProtectionView {
  const entry = entryAt(instance, now);
  switch (entry.behaviour) {
    case 'suspended':
      return { currentProtectionState: 'BackupSchedulesSuspended', status: 'ProtectionStopped', error: undefined };
    case 'protectionStopped':
      return { currentProtectionState: 'ProtectionStopped', status: 'ProtectionStopped', error: undefined };
    case 'protectionError':
      return { currentProtectionState: 'ProtectionError', status: 'ConfiguringProtectionFailed', error: failureOf(entry) };
    default:
      // A failing instance is still configured: its jobs fail, the protection itself is intact.
      return { currentProtectionState: 'ProtectionConfigured', status: 'ProtectionConfigured', error: undefined };
  }
}
