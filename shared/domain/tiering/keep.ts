// Which file backups are kept whatever their age: the newest K, and (optionally) a grandfather-father-son set —
// the newest backup of each of the last N days, weeks and months. Built in one streamed pass with memory bounded
// by K + N, never by the number of blobs, so 100,000 backups cost what 10,000 do.
import type { GfsKeep } from './policy.js';

const DAY = 86_400_000;

interface Candidate {
  readonly name: string;
  readonly time: number;
}

export class KeepSet {
  private newest: Candidate[] = [];
  private readonly buckets = new Map<string, Candidate>();

  constructor(
    private readonly keepNewest: number,
    private readonly gfs: GfsKeep | undefined,
    private readonly now: Date,
  ) {}

  add(name: string, time: Date): void {
    const c = { name, time: time.getTime() };
    this.newest.push(c);
    this.newest.sort(newerFirst);
    if (this.newest.length > this.keepNewest) this.newest.length = this.keepNewest;
    for (const key of this.bucketsOf(c.time)) {
      const held = this.buckets.get(key);
      if (!held || newerFirst(c, held) < 0) this.buckets.set(key, c);
    }
  }

  /**
   * Why `name` is kept: one of the newest K is never changed at all; a backup the rotation keeps may cool but is
   * never deleted. undefined: neither.
   */
  protection(name: string): { readonly kind: 'newest' | 'rotation'; readonly reason: string } | undefined {
    const rank = this.newest.findIndex((c) => c.name === name);
    if (rank >= 0) return { kind: 'newest', reason: `one of the newest ${this.keepNewest} backups (#${rank + 1})` };
    for (const [key, c] of this.buckets) {
      if (c.name !== name) continue;
      const [scheme = '', period = ''] = key.split(':');
      return { kind: 'rotation', reason: `kept by the ${scheme} rotation (${period})` };
    }
    return undefined;
  }

  private bucketsOf(time: number): string[] {
    const g = this.gfs;
    if (!g) return [];
    const keys: string[] = [];
    const at = new Date(time);
    const ageDays = (this.now.getTime() - time) / DAY;
    if (ageDays < g.daily) keys.push(`daily:${at.toISOString().slice(0, 10)}`);
    if (ageDays < g.weekly * 7) keys.push(`weekly:${isoWeek(at)}`);
    const monthsAgo = (this.now.getUTCFullYear() - at.getUTCFullYear()) * 12 + this.now.getUTCMonth() - at.getUTCMonth();
    if (monthsAgo < g.monthly) keys.push(`monthly:${at.toISOString().slice(0, 7)}`);
    return keys;
  }
}

const newerFirst = (a: Candidate, b: Candidate): number => b.time - a.time || a.name.localeCompare(b.name);

/** ISO 8601 week, e.g. 2026-W49 (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(d: Date): string {
  const day = (d.getUTCDay() + 6) % 7;
  // The Thursday of d's week decides the year; its day of the year decides the week.
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY));
  return `${year}-W${String(week).padStart(2, '0')}`;
}
