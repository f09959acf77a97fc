// Tiering policy per blob source (an extension of its RPO_BLOB_SOURCES entry). Days count from the backup's time.
// Validated at start: a policy that would delete before it cools, or keep nothing, is refused naming the field.
export interface GfsKeep {
  /** Keep the newest backup of each of the last N days. */
  readonly daily: number;
  /** … of each of the last N ISO weeks. */
  readonly weekly: number;
  /** … of each of the last N calendar months. */
  readonly monthly: number;
}

export interface TieringPolicy {
  readonly coolAfterDays?: number;
  readonly coldAfterDays?: number;
  readonly archiveAfterDays?: number;
  readonly deleteAfterDays?: number;
  /** The newest K backups are never changed, whatever their age. */
  readonly keepNewest: number;
  /** Backups a grandfather-father-son scheme keeps are never deleted (they may still cool). */
  readonly gfs?: GfsKeep;
  /** false: never Archive. true: Archive only where rehydration still meets the source's RTO target. */
  readonly archive: boolean;
}

export const DEFAULT_KEEP_NEWEST = 3;

type Field = 'coolAfterDays' | 'coldAfterDays' | 'archiveAfterDays' | 'deleteAfterDays';
const STEPS: readonly Field[] = ['coolAfterDays', 'coldAfterDays', 'archiveAfterDays', 'deleteAfterDays'];

export function parseTieringPolicy(raw: unknown, where: string): { policy: TieringPolicy } | { error: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { error: `${where}: expected an object` };
  const o = raw as Record<string, unknown>;
  const known = new Set<string>([...STEPS, 'keepNewest', 'gfs', 'archive']);
  const unknown = Object.keys(o).find((k) => !known.has(k));
  if (unknown !== undefined) return { error: `${where}.${unknown}: unknown field (expected ${[...known].join(', ')})` };
  const days: Partial<Record<Field, number>> = {};
  for (const f of STEPS) {
    const v = o[f];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 36_500)
      return { error: `${where}.${f}: expected whole days 0 … 36500` };
    days[f] = v as number;
  }
  let last: [Field, number] | undefined;
  for (const f of STEPS) {
    const v = days[f];
    if (v === undefined) continue;
    if (last && v <= last[1]) return { error: `${where}.${f} (${v}) must be later than ${last[0]} (${last[1]})` };
    last = [f, v];
  }
  const keepNewest = o.keepNewest ?? DEFAULT_KEEP_NEWEST;
  if (!Number.isInteger(keepNewest) || (keepNewest as number) < 1)
    return { error: `${where}.keepNewest: expected a whole number ≥ 1 (the newest backup is never touched)` };
  if (o.archive !== undefined && typeof o.archive !== 'boolean') return { error: `${where}.archive: expected true or false` };
  const gfs = parseGfs(o.gfs, `${where}.gfs`);
  if (typeof gfs === 'string') return { error: gfs };
  return {
    policy: { ...days, keepNewest: keepNewest as number, archive: o.archive ?? true, ...(gfs ? { gfs } : {}) },
  };
}

function parseGfs(raw: unknown, where: string): GfsKeep | undefined | string {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null) return `${where}: expected { daily, weekly, monthly }`;
  const o = raw as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const k of ['daily', 'weekly', 'monthly']) {
    const v = o[k] ?? 0;
    if (!Number.isInteger(v) || (v as number) < 0) return `${where}.${k}: expected a whole number ≥ 0`;
    out[k] = v as number;
  }
  const extra = Object.keys(o).find((k) => !['daily', 'weekly', 'monthly'].includes(k));
  if (extra !== undefined) return `${where}.${extra}: unknown field (expected daily, weekly, monthly)`;
  return { daily: out.daily ?? 0, weekly: out.weekly ?? 0, monthly: out.monthly ?? 0 };
}
