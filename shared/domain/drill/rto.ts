// RTO targets: the seeds' tier table (Critical < 1 h, Production < 4 h, Standard < 24 h, Development best effort),
// resolved by the same rules as RPO targets — an `rto` duration tag beats a `backup-tier` name, the instance beats
// its cluster — so one `backup-tier: Critical` tag sets both targets.
import { formatDuration, parseDuration } from '../duration.js';
import { tagValue, type Tags } from '../rpo/rpoTarget.js';
import { findTier, parseTierTable, type TierTable } from '../rpo/tiers.js';

export const DEFAULT_RTO_TIERS_TEXT = 'Critical=PT1H,Production=PT4H,Standard=P1D,Development=none';
const parsed = parseTierTable(DEFAULT_RTO_TIERS_TEXT);
export const DEFAULT_RTO_TIERS: TierTable = 'table' in parsed ? parsed.table : new Map();

export interface RtoRules {
  readonly rtoTagName: string;
  readonly tierTagName: string;
  readonly tiers: TierTable;
  /** Target when no tag names one; null: best effort (measured, never judged). */
  readonly defaultMs: number | null;
}

export interface RtoTarget {
  /** null: best effort. */
  readonly ms: number | null;
  readonly source: 'instance-tag' | 'cluster-tag' | 'default';
  readonly detail: string;
}

export function resolveRto(instanceTags: Tags | undefined, clusterTags: Tags | undefined, rules: RtoRules): RtoTarget {
  const skipped: string[] = [];
  for (const [tags, source] of [
    [instanceTags, 'instance-tag'],
    [clusterTags, 'cluster-tag'],
  ] as const) {
    const found = fromTags(tags, source, rules, skipped);
    if (found) return found;
  }
  const base = rules.defaultMs === null ? 'best effort (no RTO target)' : `default ${formatDuration(rules.defaultMs)}`;
  return { ms: rules.defaultMs, source: 'default', detail: skipped.length > 0 ? `${base}; skipped ${skipped.join('; ')}` : base };
}

function fromTags(tags: Tags | undefined, source: RtoTarget['source'], rules: RtoRules, skipped: string[]): RtoTarget | undefined {
  const rto = tagValue(tags, rules.rtoTagName);
  if (rto !== undefined) {
    const ms = parseDuration(rto.trim());
    if (ms !== undefined && ms > 0) return { ms, source, detail: `${source} ${rules.rtoTagName}=${rto.trim()}` };
    skipped.push(`${source} ${rules.rtoTagName}="${rto}" (not an ISO 8601 duration)`);
  }
  const tierName = tagValue(tags, rules.tierTagName);
  if (tierName === undefined) return undefined;
  const tier = findTier(rules.tiers, tierName);
  if (tier) return { ms: tier.targetMs, source, detail: `${source} ${rules.tierTagName}=${tier.name}` };
  skipped.push(`${source} ${rules.tierTagName}="${tierName}" (no such tier)`);
  return undefined;
}

export type RtoVerdict = 'met' | 'exceeded' | 'not-judged';

export function judgeRto(rtoMs: number, target: RtoTarget): RtoVerdict {
  if (target.ms === null) return 'not-judged';
  return rtoMs <= target.ms ? 'met' : 'exceeded';
}
