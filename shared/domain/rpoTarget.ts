// Which RPO an instance is held to. For now: the schedule of its policy plus a grace for the backup to run,
// else the configured default. (Tags and tiers are layered on top of this by the RPO issue.)
import { formatDuration } from './duration.js';
import type { RpoTarget } from './rpo.js';
import { longestScheduleGapMs } from './schedule.js';

export interface ScheduleFact {
  /** Name of the policy's backup rule, e.g. 'BackupHourly'. */
  readonly ruleName: string;
  readonly repeatingTimeIntervals: readonly string[];
}

export function targetFromPolicy(schedule: ScheduleFact | undefined, graceMs: number, defaultMs: number, why?: string): RpoTarget {
  const gap = schedule ? longestScheduleGapMs(schedule.repeatingTimeIntervals) : undefined;
  if (schedule && gap !== undefined) {
    return {
      ms: gap + graceMs,
      source: 'policy-schedule',
      detail: `${schedule.ruleName} every ${formatDuration(gap)} + ${formatDuration(graceMs)} grace`,
    };
  }
  const reason =
    why ?? (schedule ? `schedule ${schedule.repeatingTimeIntervals.join(', ')} could not be read` : 'policy has no backup schedule');
  return { ms: defaultMs, source: 'default', detail: `default target (${reason})` };
}
