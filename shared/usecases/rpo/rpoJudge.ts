// One instance's report line, whichever path produced the facts: the target it is held to (tags → policy → default),
// the newest restorable point, the verdict, and which evidence the verdict rests on.
import { formatDuration } from '../../domain/duration.js';
import {
  judgeRpo,
  newestRestorablePoint,
  type RecoveryPointFact,
  type RpoJudgement,
  type RpoRules,
  type Verdict,
} from '../../domain/rpo/rpo.js';
import { resolveTarget, type ResolvedTarget, type TargetFacts, type TargetRules } from '../../domain/rpo/rpoTarget.js';
import type { InstanceFact } from '../ports.js';

/** Where a verdict's recovery point came from: Resource Graph's job history, or the recovery points themselves. */
export type Evidence = 'resource-graph' | 'recovery-points';

export interface RpoInstanceReport {
  readonly id: string;
  readonly name: string;
  readonly vault: string;
  readonly cluster: string;
  /** ISO 8601 duration; null when a tag says the instance has no target (e.g. backup-tier Development). */
  readonly targetRpo: string | null;
  readonly targetSource: string;
  readonly targetDetail: string;
  readonly latestRecoveryPoint: string | null;
  readonly ageSeconds: number | null;
  readonly verdict: Verdict;
  readonly reason: string;
  readonly protectionState: string | null;
  readonly evidence: Evidence;
  /** Why that evidence: e.g. why recovery points were read to confirm Resource Graph's view. */
  readonly evidenceDetail: string;
}

export interface RpoSettings extends RpoRules, TargetRules {
  /** How far below the at-risk line the fleet check starts to consider confirming a verdict. */
  readonly confirmMarginMs: number;
  /** Reads in flight at once. */
  readonly concurrency: number;
}

export function targetOf(instance: InstanceFact, facts: Omit<TargetFacts, 'instanceTags'>, settings: RpoSettings): ResolvedTarget {
  return resolveTarget({ ...facts, instanceTags: instance.tags }, settings);
}

export function judgeInstance(input: {
  instance: InstanceFact;
  target: ResolvedTarget;
  newest: RecoveryPointFact | undefined;
  now: Date;
  settings: RpoSettings;
  evidence: Evidence;
  evidenceDetail: string;
}): RpoInstanceReport {
  const { instance, target, newest, now, settings } = input;
  const judgement = judgeRpo({
    now,
    target,
    newest,
    protection: { state: instance.protectionState, errorMessage: instance.protectionError },
    rules: settings,
  });
  return reportLine(instance, target, judgement, input.evidence, input.evidenceDetail);
}

export function reportLine(
  instance: InstanceFact,
  target: ResolvedTarget,
  judgement: RpoJudgement,
  evidence: Evidence,
  evidenceDetail: string,
): RpoInstanceReport {
  return {
    id: instance.id,
    name: instance.name,
    vault: instance.vaultName,
    cluster: instance.clusterName,
    targetRpo: target.ms === null ? null : formatDuration(target.ms),
    targetSource: target.source,
    targetDetail: target.detail,
    latestRecoveryPoint: judgement.latestRecoveryPoint?.toISOString() ?? null,
    ageSeconds: judgement.ageSeconds,
    verdict: judgement.verdict,
    reason: judgement.reason,
    protectionState: instance.protectionState ?? null,
    evidence,
    evidenceDetail,
  };
}

/** Newest restorable point through the recovery points API: one short page since `since`, the whole list if empty. */
export async function newestFromRecoveryPoints(
  read: (since?: Date) => Promise<RecoveryPointFact[]>,
  now: Date,
  since: Date | undefined,
): Promise<RecoveryPointFact | undefined> {
  const recent = newestRestorablePoint(await read(since), now);
  return recent ?? (since ? newestRestorablePoint(await read(), now) : undefined);
}

/** Status and code only (e.g. "403 AuthorizationFailed"): for details that are repeated on every line of a report. */
export function briefError(e: unknown): string {
  const err = e as { code?: string; statusCode?: number };
  return [err.statusCode, err.code].filter((x) => x !== undefined && x !== '').join(' ') || describeError(e);
}

export function describeError(e: unknown): string {
  const err = e as { code?: string; statusCode?: number; message?: string };
  return [err.statusCode, err.code, err.message].filter((x) => x !== undefined && x !== '').join(' ') || String(e);
}
