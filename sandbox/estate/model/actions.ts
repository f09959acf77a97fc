// On-demand backups, restores and sync: the mutations the product triggers through DataProtection POSTs.
// Refusals mirror the service (400 with a UserError… code and the field at fault); accepted requests become jobs
// that run for their duration on the simulated clock.
import { behaviourAt, entryAt, failureOf, jobsFail, setBehaviourFrom } from './behaviour.js';
import { ModelError } from './errors.js';
import { guidFrom } from './hash.js';
import type { History } from './history.js';
import type { TriggerBackupRequest } from './requests.js';
import type { RestorePlan } from './restore.js';
import { utcDayStart } from './time.js';
import type { InstanceState, JobRecord } from './types.js';

/** Azure Backup for AKS allows 10 on-demand backups and 10 restores per backup instance per (UTC) day. */
export const DAILY_LIMIT = 10;

const PROTECTION_STATE: Record<string, string> = { suspended: 'BackupSchedulesSuspended', protectionStopped: 'ProtectionStopped' };

function countToday(instance: InstanceState, kind: JobRecord['kind'], now: number): number {
  const day = utcDayStart(now);
  return instance.manualJobs.filter((j) => j.kind === kind && j.start >= day && j.start <= now).length;
}

/**
 * Starts an on-demand backup. A backup already running on the instance refuses the request
 * (UserErrorBackupOperationInProgress, as Azure Backup answers for overlapping backups) rather than queueing it:
 * the product must check for in-flight jobs first and treat this 400 as "retry later".
 */
export function adhocBackup(history: History, instance: InstanceState, request: TriggerBackupRequest, now: number): JobRecord {
  const { ruleName, triggerOption } = request.backupRuleOptions;
  const policy = instance.policy;
  if (ruleName.toLowerCase() !== policy.rule.toLowerCase()) {
    throw new ModelError(
      400,
      'UserErrorInvalidRequestParameter',
      `Policy '${policy.name}' has no backup rule '${ruleName}'; its rule is '${policy.rule}'.`,
      'backupRuleOptions.ruleName',
    );
  }
  const tag = triggerOption.retentionTagOverride ?? 'Default';
  if (tag.toLowerCase() !== 'default') {
    throw new ModelError(
      400,
      'UserErrorInvalidRequestParameter',
      `Policy '${policy.name}' has no retention tag '${tag}'; its tags are: Default.`,
      'backupRuleOptions.triggerOption.retentionTagOverride',
    );
  }
  const behaviour = behaviourAt(instance, now);
  const state = PROTECTION_STATE[behaviour];
  if (state !== undefined) {
    throw new ModelError(
      400,
      'UserErrorInvalidProtectionState',
      `Backup instance '${instance.name}' is in protection state ${state}; resume protection before triggering a backup.`,
    );
  }
  const running = history.running(instance, now, 'backup');
  if (running) {
    throw new ModelError(
      400,
      'UserErrorBackupOperationInProgress',
      `Another backup operation (job ${running.id}) is in progress for backup instance '${instance.name}'. Retry after it completes.`,
    );
  }
  if (countToday(instance, 'adhoc', now) >= DAILY_LIMIT) {
    throw new ModelError(
      400,
      'UserErrorMaxAdhocBackupsPerDayExceeded',
      `Backup instance '${instance.name}' already had ${DAILY_LIMIT} on-demand backups today (UTC).`,
    );
  }
  const entry = entryAt(instance, now);
  const failed = jobsFail(entry.behaviour);
  const id = guidFrom(`adhoc|${instance.id.toLowerCase()}|${now}|${instance.manualJobs.length}`);
  const job: JobRecord = {
    id,
    kind: 'adhoc',
    instance,
    start: now,
    end: now + instance.jobDurationMs,
    outcome: failed ? 'Failed' : 'Completed',
    error: failed ? failureOf(entry) : undefined,
    retentionTag: 'Default',
    recoveryPointId: failed ? undefined : guidFrom(`rp|${id}`),
  };
  instance.manualJobs.push(job);
  return job;
}

export function restoreJob(instance: InstanceState, plan: RestorePlan, now: number, durationMs: number): JobRecord {
  if (countToday(instance, 'restore', now) >= DAILY_LIMIT) {
    throw new ModelError(
      400,
      'UserErrorMaxRestoresPerDayExceeded',
      `Backup instance '${instance.name}' already had ${DAILY_LIMIT} restores today (UTC).`,
    );
  }
  const job: JobRecord = {
    id: guidFrom(`restore|${instance.id.toLowerCase()}|${now}|${instance.manualJobs.length}`),
    kind: 'restore',
    instance,
    start: now,
    end: now + durationMs,
    outcome: 'Completed',
    restore: plan.details,
  };
  instance.manualJobs.push(job);
  return job;
}

/** POST …/sync retries the last failed configuration: a protection error marked fixable is repaired from now on. */
export function syncInstance(instance: InstanceState, now: number): boolean {
  const entry = entryAt(instance, now);
  if (entry.behaviour !== 'protectionError' || entry.fixedBySync === false) return false;
  setBehaviourFrom(instance, { from: now, behaviour: 'healthy' });
  return true;
}
