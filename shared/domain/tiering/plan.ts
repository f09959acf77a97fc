// The tiering decision for one blob, with its reason. Called blob by blob over a streamed listing (after one pass
// has built the KeepSet), so a plan of any size is produced in constant memory. The rules, strongest first:
// not ours → leave; held, leased, immutable, rehydrating or referenced by a running drill or an open incident →
// leave; repository metadata → Hot; the newest K backups → leave; then age, capped by what the tool can read,
// by the RTO (Archive only if rehydration meets it) and by the early-deletion minimums.
import type { KeepSet } from './keep.js';
import type { TieringPolicy } from './policy.js';
import type { BlobRole } from './roles.js';
import { MIN_STAY_MS, rehydrationEstimateMs, tierRank, type AccessTier } from './tiers.js';

const DAY = 86_400_000;

export interface TierBlob {
  readonly name: string;
  readonly size: number;
  /** undefined: the service reported no tier (the account default applies, normally Hot). */
  readonly tier: AccessTier | undefined;
  readonly lastModified: Date;
  /** When the tier last changed (x-ms-access-tier-change-time); lastModified when never changed. */
  readonly tierChangedAt?: Date | undefined;
  readonly leased: boolean;
  readonly legalHold: boolean;
  readonly immutableUntil?: Date | undefined;
  /** `rehydrate-pending-to-hot` and the like: an Archive blob on its way back. */
  readonly archiveStatus?: string | undefined;
}

export type TierAction = { readonly kind: 'keep' } | { readonly kind: 'set-tier'; readonly to: AccessTier } | { readonly kind: 'delete' };

export interface TierDecision {
  readonly name: string;
  readonly size: number;
  readonly from: AccessTier;
  readonly action: TierAction;
  readonly reason: string;
}

export interface PlanContext {
  readonly policy: TieringPolicy;
  readonly now: Date;
  /** The source's RTO target; null: best effort (no limit on rehydration). */
  readonly rtoTargetMs: number | null;
  readonly keep: KeepSet;
  /** false on ZRS, GZRS and RA-GZRS accounts, which have no Archive tier. */
  readonly archiveAvailable: boolean;
  /** Why a running restore drill or an open incident needs this blob as it is; undefined when none does. */
  readonly referencedBy: (blobName: string) => string | undefined;
}

export function decide(blob: TierBlob, role: BlobRole, backupTime: Date, ctx: PlanContext): TierDecision {
  const from = blob.tier ?? 'Hot';
  const keep = (reason: string): TierDecision => ({ name: blob.name, size: blob.size, from, action: { kind: 'keep' }, reason });
  const move = (to: AccessTier, reason: string): TierDecision => ({
    name: blob.name,
    size: blob.size,
    from,
    action: { kind: 'set-tier', to },
    reason,
  });

  if (role.kind === 'foreign') return keep('not managed by the app (outside the source’s backups and repository)');
  if (blob.archiveStatus) return keep(`rehydrating (${blob.archiveStatus})`);
  if (blob.legalHold) return keep('under legal hold');
  if (blob.immutableUntil && blob.immutableUntil.getTime() > ctx.now.getTime())
    return keep(`immutable until ${blob.immutableUntil.toISOString()}`);
  if (blob.leased) return keep('leased');
  const referenced = ctx.referencedBy(blob.name);
  if (referenced !== undefined) return keep(referenced);
  switch (role.kind) {
    case 'restic':
      return keep('Restic repository: never tiered (prune and check read every pack)');
    case 'velero-metadata':
    case 'kopia-metadata': {
      const what = role.kind === 'velero-metadata' ? 'Velero backup metadata' : 'Kopia repository metadata';
      return from === 'Hot' ? keep(`${what} stays Hot`) : move('Hot', `${what} must be Hot: Velero reads it on every sync and restore`);
    }
    case 'kopia-pack':
      return byAge(
        blob,
        from,
        backupTime,
        ctx,
        { maxTier: 'Cold', why: 'Kopia packs never go to Archive (full maintenance reads them)', deletable: false },
        keep,
        move,
      );
    case 'file-backup': {
      const protection = ctx.keep.protection(blob.name);
      if (protection?.kind === 'newest') return keep(protection.reason);
      return byAge(blob, from, backupTime, ctx, archiveCap(blob, ctx, protection?.reason), keep, move);
    }
  }
}

interface Caps {
  readonly maxTier: AccessTier;
  readonly why: string;
  /** false, or the reason the backup may not be deleted; true: deletable. */
  readonly deletable: boolean | string;
}

function archiveCap(blob: TierBlob, ctx: PlanContext, rotationReason: string | undefined): Caps {
  const deletable = rotationReason ?? true;
  if (!ctx.policy.archive) return { maxTier: 'Cold', why: 'Archive is off for this source', deletable };
  if (!ctx.archiveAvailable)
    return { maxTier: 'Cold', why: 'the account is zone-redundant (ZRS/GZRS/RA-GZRS): no Archive tier', deletable };
  const rehydration = rehydrationEstimateMs(blob.size, blob.size);
  if (ctx.rtoTargetMs !== null && rehydration > ctx.rtoTargetMs) {
    return { maxTier: 'Cold', why: `rehydration (${hours(rehydration)}) would break the ${hours(ctx.rtoTargetMs)} RTO`, deletable };
  }
  return { maxTier: 'Archive', why: '', deletable };
}

function byAge(
  blob: TierBlob,
  from: AccessTier,
  backupTime: Date,
  ctx: PlanContext,
  caps: Caps,
  keep: (reason: string) => TierDecision,
  move: (to: AccessTier, reason: string) => TierDecision,
): TierDecision {
  const p = ctx.policy;
  const ageDays = Math.floor((ctx.now.getTime() - backupTime.getTime()) / DAY);
  if (p.deleteAfterDays !== undefined && ageDays >= p.deleteAfterDays) {
    if (caps.deletable === true)
      return {
        name: blob.name,
        size: blob.size,
        from,
        action: { kind: 'delete' },
        reason: `${ageDays} days old (delete after ${p.deleteAfterDays})`,
      };
    if (typeof caps.deletable === 'string') return keep(`${caps.deletable}; not deleted although ${ageDays} days old`);
  }
  const byPolicy = ageTier(p, ageDays);
  if (!byPolicy) return keep(`${ageDays} days old: not old enough to cool`);
  let target = byPolicy.tier;
  const notes: string[] = [byPolicy.why];
  if (tierRank(target) > tierRank(caps.maxTier)) {
    target = caps.maxTier;
    notes.push(caps.why);
  }
  // Early deletion: a tier whose minimum stay outlasts the blob's remaining life costs the rest of that stay.
  const remainingMs = p.deleteAfterDays !== undefined && caps.deletable === true ? (p.deleteAfterDays - ageDays) * DAY : Infinity;
  while (tierRank(target) > tierRank(from) && MIN_STAY_MS[target] > remainingMs) {
    notes.push(`${target} needs ${MIN_STAY_MS[target] / DAY} days but the blob is deleted in ${Math.round(remainingMs / DAY)}`);
    target = stepWarmer(target);
  }
  if (tierRank(target) <= tierRank(from)) return keep(`already ${from} (${notes.join('; ')})`);
  const inTierMs = ctx.now.getTime() - (blob.tierChangedAt ?? blob.lastModified).getTime();
  if (from !== 'Hot' && inTierMs < MIN_STAY_MS[from]) {
    return keep(`in ${from} for ${Math.floor(inTierMs / DAY)} of its ${MIN_STAY_MS[from] / DAY} days: moving now costs early deletion`);
  }
  return move(target, notes.join('; '));
}

function ageTier(p: TieringPolicy, ageDays: number): { tier: AccessTier; why: string } | undefined {
  if (p.archiveAfterDays !== undefined && ageDays >= p.archiveAfterDays)
    return { tier: 'Archive', why: `${ageDays} days old (Archive after ${p.archiveAfterDays})` };
  if (p.coldAfterDays !== undefined && ageDays >= p.coldAfterDays)
    return { tier: 'Cold', why: `${ageDays} days old (Cold after ${p.coldAfterDays})` };
  if (p.coolAfterDays !== undefined && ageDays >= p.coolAfterDays)
    return { tier: 'Cool', why: `${ageDays} days old (Cool after ${p.coolAfterDays})` };
  return undefined;
}

const stepWarmer = (t: AccessTier): AccessTier => (t === 'Archive' ? 'Cold' : t === 'Cold' ? 'Cool' : 'Hot');
const hours = (ms: number): string => (ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${(ms / 3_600_000).toFixed(1)} h`);
