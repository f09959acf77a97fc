// Planning and applying a source's tiering on in-memory implementations of our own tiering ports (the Blob Batch
// adapter behind them has its contract test in test/adapters/blobTiering.test.ts).
import { describe, expect, it } from 'vitest';
import type { TierBlob } from '../../shared/domain/tiering/plan.js';
import { applyPlan } from '../../shared/usecases/tiering/applyTiering.js';
import { planSource, type TieringSource } from '../../shared/usecases/tiering/planTiering.js';
import type { BlobTierWriter, TierChange, TierChangeResult, TierListing } from '../../shared/usecases/tiering/tieringPorts.js';

const DAY = 86_400_000;
const now = new Date('2026-12-02T00:00:00Z');

/** A container in memory: the listing reads it, the writer changes it, and counts its batches. */
class MemoryContainer implements BlobTierWriter {
  readonly blobs = new Map<string, TierBlob>();
  batches: TierChange[][] = [];
  failOnce = new Set<string>();
  add(name: string, ageDays: number, extra: Partial<TierBlob> = {}): void {
    this.blobs.set(name, {
      name,
      size: 1e9,
      tier: 'Hot',
      lastModified: new Date(now.getTime() - ageDays * DAY),
      leased: false,
      legalHold: false,
      ...extra,
    });
  }
  /** Listed in name order from a snapshot, as a service listing pages through what exists when it is read. */
  async *list(prefix: string): AsyncGenerator<TierBlob> {
    for (const name of [...this.blobs.keys()].sort()) {
      const b = this.blobs.get(name);
      if (b && name.startsWith(prefix)) yield await Promise.resolve(b);
    }
  }
  apply(_l: unknown, changes: readonly TierChange[]): Promise<TierChangeResult[]> {
    this.batches.push([...changes]);
    return Promise.resolve(
      changes.map((c) => {
        if (this.failOnce.delete(c.name)) return { name: c.name, ok: false, status: 409, code: 'LeaseIdMissing' };
        const b = this.blobs.get(c.name);
        if (c.action.kind === 'delete') this.blobs.delete(c.name);
        else if (b) this.blobs.set(c.name, { ...b, tier: c.action.to, tierChangedAt: now });
        return { name: c.name, ok: true, status: c.action.kind === 'delete' && !b ? 404 : 200 };
      }),
    );
  }
}
const listingOf = (m: MemoryContainer): TierListing => ({ blobs: (_l, prefix) => m.list(prefix) });

const source = (over: Partial<TieringSource> = {}): TieringSource => ({
  name: 'pg',
  kind: 'file',
  location: { serviceUrl: undefined, container: 'pgdumps' },
  prefix: 'dumps/',
  pattern: 'db-(?<time>\\d{8}-\\d{6})\\.dump$',
  policy: { coolAfterDays: 30, coldAfterDays: 60, archiveAfterDays: 90, deleteAfterDays: 365, keepNewest: 3, archive: true },
  rtoTargetMs: 24 * 3_600_000,
  archiveAvailable: true,
  ...over,
});
/** `date +%Y%m%d-%H%M%S`, as a pg_dump CronJob names its files. */
const stamp = (daysAgo: number): string =>
  new Date(now.getTime() - daysAgo * DAY)
    .toISOString()
    .replace(/\.\d{3}Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');

async function run(m: MemoryContainer, mode: 'plan' | 'apply', s = source(), refs: (n: string) => string | undefined = () => undefined) {
  return applyPlan(planSource(listingOf(m), s, now, refs), m, s.location, mode);
}

describe('tiering a file source', () => {
  function fleet(): MemoryContainer {
    const m = new MemoryContainer();
    for (const age of [1, 2, 3, 40, 70, 100, 200, 400, 500]) m.add(`dumps/db-${stamp(age)}.dump`, 0); // dated by name, not upload
    m.add(`dumps/db-${stamp(0.5)}.dump`, 0, { size: 0 }); // a dump that died: no place among the kept
    m.add('other/notes.txt', 900);
    return m;
  }
  it('plan mode changes nothing and counts what apply would do', async () => {
    const m = fleet();
    const r = await run(m, 'plan');
    expect(m.batches).toEqual([]);
    expect(r.tally.summary().changes).toEqual({ setTier: 4, delete: 2, kept: 4 });
  });
  it('apply: dated by the name, newest 3 kept, one batch per action, and a re-run changes nothing', async () => {
    const m = fleet();
    const r = await run(m, 'apply');
    expect(r).toMatchObject({ applied: 6, failed: 0 });
    expect(m.batches.map((b) => b[0]?.action)).toEqual(
      expect.arrayContaining([
        { kind: 'set-tier', to: 'Cool' },
        { kind: 'set-tier', to: 'Cold' },
        { kind: 'set-tier', to: 'Archive' },
        { kind: 'delete' },
      ]),
    );
    expect(m.batches).toHaveLength(4);
    expect(m.blobs.get(`dumps/db-${stamp(1)}.dump`)?.tier).toBe('Hot');
    expect(m.blobs.has(`dumps/db-${stamp(400)}.dump`)).toBe(false);
    const again = await run(m, 'apply');
    expect(again.requests).toBe(0);
  });
  it('a backup a running drill restores from is never changed', async () => {
    const m = fleet();
    const drilled = `dumps/db-${stamp(400)}.dump`;
    await run(m, 'apply', source(), (n) => (n === drilled ? 'restore drill d1 restores from it' : undefined));
    expect(m.blobs.get(drilled)?.tier).toBe('Hot');
  });
  it('a blob that failed is reported with its code and done on the next run', async () => {
    const m = fleet();
    const target = `dumps/db-${stamp(40)}.dump`;
    m.failOnce.add(target);
    const r = await run(m, 'apply');
    expect(r.failures).toEqual([{ name: target, status: 409, code: 'LeaseIdMissing' }]);
    await run(m, 'apply');
    expect(m.blobs.get(target)?.tier).toBe('Cool');
  });
  it('batches hold at most 256 changes', async () => {
    const m = new MemoryContainer();
    for (let i = 0; i < 600; i++) m.add(`dumps/db-${stamp(40 + (i % 10) / 100)}-${i}.dump`, 40);
    const r = await run(m, 'apply', source({ pattern: undefined }));
    expect(m.batches.map((b) => b.length)).toEqual([256, 256, 85]);
    expect(r.applied).toBe(597);
  });
});

describe('tiering a Velero source', () => {
  it('cools old Kopia packs only, and brings cooled metadata back to Hot', async () => {
    const m = new MemoryContainer();
    m.add('backups/daily-1/velero-backup.json', 400);
    m.add('kopia/shop/p01', 100);
    m.add('kopia/shop/q01', 100);
    m.add('kopia/shop/kopia.repository', 400, { tier: 'Cool', tierChangedAt: new Date(now.getTime() - 40 * DAY) });
    m.add('restic/shop/data/01', 400);
    await run(m, 'apply', source({ kind: 'velero', prefix: 'backups/', pattern: undefined }));
    expect(Object.fromEntries([...m.blobs.values()].map((b) => [b.name, b.tier]))).toEqual({
      'backups/daily-1/velero-backup.json': 'Hot',
      'kopia/shop/p01': 'Cold',
      'kopia/shop/q01': 'Hot',
      'kopia/shop/kopia.repository': 'Hot',
      'restic/shop/data/01': 'Hot',
    });
  });
});
