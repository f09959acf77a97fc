// The plan of one blob source, streamed: a first pass over the listing finds the backups that are kept whatever
// their age (the newest K, the rotation), a second yields one decision per blob. Memory stays bounded by K and the
// rotation, not by the size of the source; decisions are recomputed from what the listing says now, so a plan
// made after a crash halfway through applying the last one only contains what is still to do.
import { parseNameTimestamp } from '../../domain/blobs/blobArtifactsTime.js';
import { KeepSet } from '../../domain/tiering/keep.js';
import { decide, type PlanContext, type TierBlob, type TierDecision } from '../../domain/tiering/plan.js';
import type { TieringPolicy } from '../../domain/tiering/policy.js';
import { fileRole, veleroRole, type BlobRole } from '../../domain/tiering/roles.js';
import type { BlobLocation } from '../ports.js';
import type { TierListing } from './tieringPorts.js';

export interface TieringSource {
  readonly name: string;
  readonly kind: 'velero' | 'file';
  readonly location: BlobLocation;
  readonly prefix: string;
  /** `file` sources: names that are backups; a `(?<time>…)` group dates them. */
  readonly pattern: string | undefined;
  readonly policy: TieringPolicy;
  readonly rtoTargetMs: number | null;
  readonly archiveAvailable: boolean;
}

export async function* planSource(
  listing: TierListing,
  source: TieringSource,
  now: Date,
  referencedBy: (blobName: string) => string | undefined,
): AsyncGenerator<TierDecision> {
  const pattern = source.pattern === undefined ? undefined : new RegExp(source.pattern);
  const roleOf = (name: string): BlobRole =>
    source.kind === 'velero' ? veleroRole(name, source.prefix) : fileRole(name, source.prefix, pattern);
  const timeOf = (b: TierBlob): Date => {
    const stamp = pattern?.exec(b.name)?.groups?.time;
    return (stamp === undefined ? undefined : parseNameTimestamp(stamp)) ?? b.lastModified;
  };
  // Velero keeps its repository beside backups/: list from the root so Kopia and Restic blobs are seen too.
  const listPrefix = source.kind === 'velero' ? source.prefix.replace(/backups\/?$/, '') : source.prefix;
  const keep = new KeepSet(source.policy.keepNewest, source.policy.gfs, now);
  if (source.kind === 'file') {
    for await (const b of listing.blobs(source.location, listPrefix)) {
      // An empty dump is a backup that died: it is no restorable copy, so it never takes a place among the kept.
      if (b.size > 0 && roleOf(b.name).kind === 'file-backup') keep.add(b.name, timeOf(b));
    }
  }
  const ctx: PlanContext = {
    policy: source.policy,
    now,
    rtoTargetMs: source.rtoTargetMs,
    keep,
    archiveAvailable: source.archiveAvailable,
    referencedBy,
  };
  for await (const b of listing.blobs(source.location, listPrefix)) {
    const role = roleOf(b.name);
    if (role.kind === 'file-backup' && b.size === 0) {
      yield {
        name: b.name,
        size: 0,
        from: b.tier ?? 'Hot',
        action: { kind: 'keep' },
        reason: 'empty (a backup that failed): nothing to tier',
      };
      continue;
    }
    yield decide(b, role, timeOf(b), ctx);
  }
}
