// Which RPO an instance is held to, most specific first: a tag on the backup instance, a tag on its AKS cluster,
// the schedule of its policy plus a grace for the backup to run, else the configured default. On each resource an
// `rpo` duration beats a `backup-tier` name. A tag someone mistyped must never hide the instance or crash the check:
// it is skipped, and the detail of whichever target applies says what was skipped and why.
import { formatDuration, parseDuration } from '../duration.js';
import type { NoTarget, RpoTarget, TargetSource } from './rpo.js';
import { longestScheduleGapMs } from './schedule.js';
import { describeTiers, findTier, type TierTable } from './tiers.js';

export interface ScheduleFact {
  /** Name of the policy's backup rule, e.g. 'BackupHourly'. */
  readonly ruleName: string;
  readonly repeatingTimeIntervals: readonly string[];
}

export type Tags = Readonly<Record<string, string>>;

export interface TargetRules {
  readonly graceMs: number;
  readonly defaultTargetMs: number;
  /** Tag holding an ISO 8601 duration, e.g. `rpo: PT4H` (matched case-insensitively, as Azure matches tag names). */
  readonly rpoTagName: string;
  /** Tag naming a row of `tiers`, e.g. `backup-tier: Critical`. */
  readonly tierTagName: string;
  readonly tiers: TierTable;
}

export interface TargetFacts {
  readonly instanceTags?: Tags | undefined;
  readonly clusterTags?: Tags | undefined;
  /** Why the cluster's tags are unknown, when they could not be read. */
  readonly clusterTagsError?: string | undefined;
  readonly schedule?: ScheduleFact | undefined;
  /** Why the schedule is unknown, when the policy could not be read. */
  readonly scheduleError?: string | undefined;
}

export type ResolvedTarget = RpoTarget | NoTarget;

export function resolveTarget(facts: TargetFacts, rules: TargetRules): ResolvedTarget {
  const skipped: string[] = [];
  const fromInstance = fromTags(facts.instanceTags, 'instance', rules, skipped);
  if (fromInstance) return withSkipped(fromInstance, skipped);
  const fromCluster = fromTags(facts.clusterTags, 'cluster', rules, skipped);
  if (fromCluster) return withSkipped(fromCluster, skipped);
  if (facts.clusterTagsError) skipped.push(`cluster tags could not be read: ${facts.clusterTagsError}`);
  return withSkipped(targetFromPolicy(facts.schedule, rules.graceMs, rules.defaultTargetMs, facts.scheduleError), skipped);
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

/** Case-insensitive tag lookup: Azure treats tag names case-insensitively. */
export function tagValue(tags: Tags | undefined, name: string): string | undefined {
  if (!tags) return undefined;
  const key = name.toLowerCase();
  for (const [k, v] of Object.entries(tags)) if (k.toLowerCase() === key) return v;
  return undefined;
}

function fromTags(
  tags: Tags | undefined,
  where: 'instance' | 'cluster',
  rules: TargetRules,
  skipped: string[],
): ResolvedTarget | undefined {
  const source: TargetSource = where === 'instance' ? 'instance-tag' : 'cluster-tag';
  const rpo = tagValue(tags, rules.rpoTagName);
  if (rpo !== undefined) {
    const ms = parseDuration(rpo);
    if (ms !== undefined && ms > 0) return { ms, source, detail: `${where} tag ${rules.rpoTagName}=${rpo.trim()}` };
    skipped.push(`${where} tag ${rules.rpoTagName}="${rpo}" is not a positive ISO 8601 duration such as PT4H`);
  }
  const tierName = tagValue(tags, rules.tierTagName);
  if (tierName !== undefined) {
    const tier = findTier(rules.tiers, tierName);
    if (tier) {
      const detail = `${where} tag ${rules.tierTagName}=${tier.name}`;
      return tier.targetMs === null
        ? { ms: null, source, detail }
        : { ms: tier.targetMs, source, detail: `${detail} (${formatDuration(tier.targetMs)})` };
    }
    skipped.push(`${where} tag ${rules.tierTagName}="${tierName}" is not a tier: ${describeTiers(rules.tiers)}`);
  }
  return undefined;
}

function withSkipped(target: ResolvedTarget, skipped: readonly string[]): ResolvedTarget {
  return skipped.length === 0 ? target : { ...target, detail: `${target.detail}; ignored: ${skipped.join('; ')}` };
}
