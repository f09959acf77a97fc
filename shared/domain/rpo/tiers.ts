// Backup tiers: a tag such as `backup-tier: Critical` names a row of this table instead of spelling out a duration,
// so a platform team can change what "Critical" means in one setting. A tier may carry no target at all
// (Development): such instances are listed but never judged.
import { formatDuration, parseDuration } from '../duration.js';

export interface Tier {
  /** As written in the table (the tag value is matched case-insensitively). */
  readonly name: string;
  /** null: no RPO target, the instance is not judged. */
  readonly targetMs: number | null;
}

/** Tier name (lower-case) → tier. */
export type TierTable = ReadonlyMap<string, Tier>;

export const DEFAULT_TIERS_TEXT = 'Critical=PT15M,Production=PT1H,Standard=P1D,Development=none';

/** The value that marks a tier without a target. */
const NO_TARGET = 'none';

/**
 * Parses `Name=ISO-duration|none` pairs separated by commas or semicolons; the problem is named when one is wrong.
 * Names follow Azure tag-value rules loosely: letters, digits, space, `-`, `_`, `.`.
 */
export function parseTierTable(text: string): { table: TierTable } | { error: string } {
  const table = new Map<string, Tier>();
  const entries = text
    .split(/[,;]/)
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return { error: 'lists no tiers; expected e.g. Critical=PT15M,Standard=P1D,Development=none' };
  for (const entry of entries) {
    const m = /^([A-Za-z0-9][A-Za-z0-9 _.-]*?)\s*=\s*(.+)$/.exec(entry);
    if (!m) return { error: `"${entry}" is not Name=<ISO 8601 duration> or Name=${NO_TARGET}` };
    const [, name = '', value = ''] = m;
    const key = name.toLowerCase();
    if (table.has(key)) return { error: `tier "${name}" is listed twice` };
    if (value.toLowerCase() === NO_TARGET) {
      table.set(key, { name, targetMs: null });
      continue;
    }
    const ms = parseDuration(value);
    if (ms === undefined || ms <= 0) return { error: `tier "${name}": "${value}" is not a positive ISO 8601 duration (or ${NO_TARGET})` };
    table.set(key, { name, targetMs: ms });
  }
  return { table };
}

export function findTier(table: TierTable, value: string): Tier | undefined {
  return table.get(value.trim().toLowerCase());
}

/** "Critical (PT15M), …, Development (none)": for messages that list what a tag may say. */
export function describeTiers(table: TierTable): string {
  return [...table.values()].map((t) => `${t.name} (${t.targetMs === null ? NO_TARGET : formatDuration(t.targetMs)})`).join(', ');
}

const parsedDefault = parseTierTable(DEFAULT_TIERS_TEXT);
/** The built-in table (Critical 15 min, Production 1 h, Standard 24 h, Development no target). */
export const DEFAULT_TIERS: TierTable = 'table' in parsedDefault ? parsedDefault.table : new Map();
