// Backups that land as blobs (Velero, pg_dump CronJobs, etcd snapshots): which blobs are backups, when each was
// taken, whether it can be restored, and the RPO verdict of a source — through the same judgeRpo as backup instances.
// Pure: blobs arrive as plain facts; the listing and reading happen in an adapter.
import { formatDuration } from '../duration.js';
import { judgeRpo, newestRestorablePoint, type RpoJudgement, type RpoRules } from '../rpo/rpo.js';
import { parseVeleroBackup, veleroBackupName } from './blobArtifactsVelero.js';
import { parseNameTimestamp } from './blobArtifactsTime.js';
import type { Artifact, BlobItem } from './artifact.js';

export type { Artifact, BlobItem } from './artifact.js';

export { parseVeleroBackup, veleroBackupName, parseNameTimestamp };

/**
 * The `file` kind: every blob matching `pattern` (all of them without one) is a backup, unless it is empty (a dump
 * that died before writing) or a folder marker. Its time is the `(?<time>…)` group of the pattern when there is one
 * (a name that does not parse is `unreadable`), else the blob's last-modified time.
 */
export function fileArtifacts(blobs: readonly BlobItem[], pattern: string | undefined): Artifact[] {
  const re = pattern === undefined ? undefined : new RegExp(pattern);
  const found: Artifact[] = [];
  for (const b of blobs) {
    if (b.name.endsWith('/')) continue;
    const m = re ? re.exec(b.name) : undefined;
    if (re && !m) continue;
    const stamp = m?.groups?.time;
    const time = stamp === undefined ? b.lastModified : parseNameTimestamp(stamp);
    if (time === undefined) found.push({ name: b.name, time: b.lastModified, state: 'unreadable' });
    else found.push({ name: b.name, time, state: b.size === 0 ? 'empty' : 'Completed' });
  }
  return found.sort(newestFirst);
}

/** The Velero kind: the velero-backup.json blobs, newest first — the order in which they are worth reading. */
export function veleroCandidates(blobs: readonly BlobItem[], prefix: string): BlobItem[] {
  return blobs
    .filter((b) => veleroBackupName(b.name, prefix) !== undefined)
    .sort((a, b) => b.lastModified.getTime() - a.lastModified.getTime() || b.name.localeCompare(a.name));
}

/**
 * Reading velero-backup.json files newest-modified first can stop once the next one was written before the newest
 * Completed backup read so far finished: Velero writes that file only after its backup completes, so an older file
 * cannot hold a newer backup. Last-modified alone is not an order to trust (a copied storage location has one
 * last-modified for all), hence this rule instead of "stop at the first Completed". At most `max` reads.
 */
export function enoughArtifacts(read: readonly Artifact[], next: BlobItem | undefined, max: number): boolean {
  if (next === undefined || read.length >= max) return true;
  const completed = read.filter((a) => a.state === 'Completed').map((a) => a.time.getTime());
  if (completed.length === 0) return false;
  return next.lastModified.getTime() < Math.max(...completed) - CLOCK_SKEW_TOLERANCE_MS;
}

/**
 * A blob's time comes from the storage service's clock (last-modified) or a CronJob's (its name): a backup that just
 * landed may look a few seconds ahead of ours. Within this much it counts as landed now; further ahead it is not
 * trusted, as for recovery points.
 */
export const CLOCK_SKEW_TOLERANCE_MS = 2 * 60_000;

export interface BlobSourceJudgement extends RpoJudgement {
  /** Name of the newest artifact that counts, if any. */
  readonly artifact: string | null;
}

/**
 * The verdict of a blob source. With a restorable artifact: judgeRpo on its time, and the reason names a newer backup
 * that does not count. With none: breached when backups have been landing for longer than the target without one
 * completing (the restorable age is at least that long), otherwise unknown.
 */
export function judgeArtifacts(input: {
  now: Date;
  targetMs: number;
  rules: RpoRules;
  artifacts: readonly Artifact[];
  /** Where the source looks, for reasons ("velero/backups/"). */
  where: string;
}): BlobSourceJudgement {
  const { now, targetMs, rules, where } = input;
  const clamp = (a: Artifact): Artifact =>
    a.time > now && a.time.getTime() - now.getTime() <= CLOCK_SKEW_TOLERANCE_MS ? { ...a, time: now } : a;
  const artifacts = input.artifacts.map(clamp).sort(newestFirst);
  const newest = newestRestorablePoint(
    artifacts.map((a) => ({ time: a.time, state: a.state })),
    now,
  );
  const best = newest && artifacts.find((a) => a.state === 'Completed' && a.time.getTime() === newest.time.getTime());
  const newer = artifacts.filter((a) => a.state !== 'Completed' && a.time.getTime() <= now.getTime() && (!newest || a.time > newest.time));
  const more = newer.length > 1 ? ` (and ${newer.length - 1} more newer ones)` : '';
  const notCounted = newer[0] ? `; the newer backup ${newer[0].name} is ${stateText(newer[0])} and does not count${more}` : '';
  if (best) {
    const j = judgeRpo({
      now,
      target: { ms: targetMs, source: 'default', detail: where },
      protection: { state: 'ProtectionConfigured' },
      newest,
      rules,
    });
    return { ...j, reason: `${j.reason} (${best.name})${notCounted}`, artifact: best.name };
  }
  if (artifacts.length === 0) {
    return { verdict: 'unknown', reason: `no backup found under ${where}`, latestRecoveryPoint: null, ageSeconds: null, artifact: null };
  }
  const oldest = artifacts[artifacts.length - 1]!;
  const atLeastMs = now.getTime() - oldest.time.getTime();
  const first = artifacts[0]!;
  const summary = `no completed backup among the ${artifacts.length} newest under ${where} (the newest, ${first.name}, is ${stateText(first)})`;
  if (atLeastMs >= targetMs) {
    return {
      verdict: 'breached',
      reason: `${summary}, and none completed for at least ${formatDuration(atLeastMs)}, over the ${formatDuration(targetMs)} target`,
      latestRecoveryPoint: null,
      ageSeconds: null,
      artifact: null,
    };
  }
  return { verdict: 'unknown', reason: summary, latestRecoveryPoint: null, ageSeconds: null, artifact: null };
}

function stateText(a: Artifact): string {
  if (a.state === 'empty') return 'empty (0 bytes)';
  if (a.state === 'unreadable') return 'unreadable or undated';
  return a.state;
}

const newestFirst = (a: { name: string; time: Date }, b: { name: string; time: Date }): number =>
  b.time.getTime() - a.time.getTime() || b.name.localeCompare(a.name);
