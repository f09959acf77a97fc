// How often an instance is drilled. The setting gives the default; a `restore-drill` tag on the backup instance (or,
// failing that, on its AKS cluster) overrides it, so a team can opt one workload out or drill it less often
// without touching the app. A mistyped tag never turns drills off: it is ignored and said.
import { tagValue, type Tags } from '../rpo/rpoTarget.js';

export const CADENCES = ['monthly', 'quarterly', 'off'] as const;
export type Cadence = (typeof CADENCES)[number];

export interface CadenceChoice {
  readonly cadence: Cadence;
  readonly source: 'instance-tag' | 'cluster-tag' | 'setting';
  /** What was skipped on the way (a tag with a word this table does not know). */
  readonly skipped?: string;
}

export function isCadence(value: string): value is Cadence {
  return (CADENCES as readonly string[]).includes(value);
}

export function resolveCadence(
  tagName: string,
  instanceTags: Tags | undefined,
  clusterTags: Tags | undefined,
  fallback: Cadence,
): CadenceChoice {
  const skipped: string[] = [];
  for (const [tags, source] of [
    [instanceTags, 'instance-tag'],
    [clusterTags, 'cluster-tag'],
  ] as const) {
    const raw = tagValue(tags, tagName);
    if (raw === undefined) continue;
    const word = raw.trim().toLowerCase();
    if (isCadence(word)) return withSkipped({ cadence: word, source }, skipped);
    skipped.push(`${source} ${tagName}="${raw}" is not one of ${CADENCES.join(', ')}`);
  }
  return withSkipped({ cadence: fallback, source: 'setting' }, skipped);
}

function withSkipped(choice: CadenceChoice, skipped: string[]): CadenceChoice {
  return skipped.length > 0 ? { ...choice, skipped: skipped.join('; ') } : choice;
}

/** The period a drill belongs to: `2026-12` (monthly) or `2026-Q4` (quarterly). */
export function periodOf(cadence: Exclude<Cadence, 'off'>, at: Date): string {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  return cadence === 'monthly' ? `${year}-${String(month + 1).padStart(2, '0')}` : `${year}-Q${Math.floor(month / 3) + 1}`;
}

/** First day (UTC midnight) and number of days of the period that holds `at`. */
export function periodBounds(cadence: Exclude<Cadence, 'off'>, at: Date): { readonly start: Date; readonly days: number } {
  const year = at.getUTCFullYear();
  const firstMonth = cadence === 'monthly' ? at.getUTCMonth() : Math.floor(at.getUTCMonth() / 3) * 3;
  const months = cadence === 'monthly' ? 1 : 3;
  const start = Date.UTC(year, firstMonth, 1);
  const end = Date.UTC(year, firstMonth + months, 1);
  return { start: new Date(start), days: Math.round((end - start) / 86_400_000) };
}
