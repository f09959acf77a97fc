// `npm run bench:tiering`: the tiering planner and batcher over a generated estate of backup blobs — Velero (backups/
// metadata, a Kopia repository of packs and index blobs, a Restic repository), pg_dump and etcd files — with ages
// spread over two years, a share of leased and held blobs, and a restore drill referencing some. Each size runs in a
// fresh child process so its RSS is its own. The listing is an in-memory generator behind the TierListing port (a
// 100,000-blob Azurite takes tens of minutes to fill on this machine: see toolchain-facts); the writer counts the
// Blob Batch requests it would send. Ends with:
// `bench tiering: blobs=<n> changed=<n> requests=<n> per_blob_requests=<n> ratio=<x> rss_mb_10k=<n> rss_mb_100k=<n>
//  rss_mb_100k_uncapped=<n> protected_changed=<n> wall_s=<s>`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TierBlob } from '../shared/domain/tiering/plan.js';
import { applyPlan } from '../shared/usecases/tiering/applyTiering.js';
import { planSource, type TieringSource } from '../shared/usecases/tiering/planTiering.js';
import type { BlobTierWriter, TierChange, TierListing } from '../shared/usecases/tiering/tieringPorts.js';

const DAY = 86_400_000;
const now = new Date('2026-12-02T00:00:00Z');
const policy = { coolAfterDays: 30, coldAfterDays: 90, archiveAfterDays: 180, deleteAfterDays: 700, keepNewest: 3, archive: true };

/** The blobs of one source, generated afresh on every listing: nothing is held between passes. */
function* generate(kind: 'velero' | 'pg' | 'etcd', count: number): Generator<TierBlob> {
  for (let i = 0; i < count; i++) {
    const ageDays = (i * 7919) % 730;
    const lastModified = new Date(now.getTime() - ageDays * DAY);
    const base = { size: 1e6 + (i % 1000) * 1e5, tier: 'Hot' as const, lastModified, leased: i % 97 === 0, legalHold: i % 89 === 0 };
    if (kind === 'velero') {
      const slot = i % 10;
      const name =
        slot < 2
          ? `backups/daily-${i}/velero-backup.json`
          : slot < 8
            ? `kopia/shop/p${i}`
            : slot < 9
              ? `kopia/shop/q${i}`
              : `restic/shop/data/${i}`;
      yield { ...base, name };
    } else {
      const stamp = lastModified.toISOString().slice(0, 10).replace(/-/g, '');
      yield { ...base, name: `${kind}/${kind}-${stamp}-${String(i).padStart(7, '0')}.bak` };
    }
  }
}

/**
 * The bench's own ground truth, from the blob's index (never from the planner): held, leased, Velero metadata,
 * Kopia index blobs, Restic, drilled (every 500th file backup) and the newest backups must never change. Computed,
 * not collected, so the measured RSS is the planner's.
 */
function mustStay(kind: 'velero' | 'pg' | 'etcd', name: string): boolean {
  const i = Number(/(\d+)(?:\/velero-backup\.json|\.bak)?$/.exec(name)?.[1] ?? NaN);
  if (i % 97 === 0 || i % 89 === 0) return true;
  if (kind === 'velero') return i % 10 < 2 || i % 10 >= 8;
  return i % 500 === 0 || (i * 7919) % 730 < 1;
}

async function child(total: number): Promise<void> {
  const per = Math.floor(total / 3);
  const sources: [TieringSource, 'velero' | 'pg' | 'etcd'][] = (['velero', 'pg', 'etcd'] as const).map((kind) => [
    {
      name: kind,
      kind: kind === 'velero' ? 'velero' : 'file',
      location: { serviceUrl: undefined, container: kind },
      prefix: kind === 'velero' ? 'backups/' : `${kind}/`,
      pattern: undefined,
      policy,
      rtoTargetMs: kind === 'etcd' ? 3_600_000 : null,
      archiveAvailable: true,
    },
    kind,
  ]);
  let changed = 0;
  let requests = 0;
  let protectedChanged = 0;
  let peak = 0;
  const started = performance.now();
  for (const [source, kind] of sources) {
    const listing: TierListing = {
      async *blobs() {
        for (const b of generate(kind, per)) yield await Promise.resolve(b);
      },
    };
    const writer: BlobTierWriter = {
      apply: (_l, batch: readonly TierChange[]) => {
        peak = Math.max(peak, process.memoryUsage().rss);
        for (const c of batch) if (mustStay(kind, c.name)) protectedChanged += 1;
        return Promise.resolve(batch.map((c) => ({ name: c.name, ok: true, status: 200 })));
      },
    };
    const drilled = (name: string): string | undefined =>
      (/-(\d{7})\.bak$/.exec(name)?.[1] ?? '1') === '' || Number(/-(\d{7})\.bak$/.exec(name)?.[1] ?? 1) % 500 !== 0
        ? undefined
        : 'restore drill';
    const report = await applyPlan(planSource(listing, source, now, drilled), writer, source.location, 'apply');
    changed += report.applied;
    requests += report.requests;
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  const line = {
    blobs: per * 3,
    changed,
    requests,
    protectedChanged,
    rssMb: Math.round(peak / 1e6),
    wallS: (performance.now() - started) / 1000,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/**
 * Children run with a 32 MB old space and 2 MB semi-spaces: V8 grows its heap lazily when it may, so an uncapped RSS
 * measures garbage not yet collected rather than what the plan holds. Under the cap a plan that kept its blobs would fail with
 * "heap out of memory"; the uncapped 100k figure is printed too.
 */
function run(
  total: number,
  capped = true,
): { blobs: number; changed: number; requests: number; protectedChanged: number; rssMb: number; wallS: number } {
  const flags = capped ? ['--max-old-space-size=32', '--max-semi-space-size=2'] : [];
  const r = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), `--child=${total}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`child ${total} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as ReturnType<typeof run>;
}

const childArg = process.argv.find((a) => a.startsWith('--child='));
if (childArg) await child(Number(childArg.slice('--child='.length)));
else {
  const small = run(10_002);
  const big = run(Number(process.env.BENCH_BLOBS ?? 100_002));
  const uncapped = run(Number(process.env.BENCH_BLOBS ?? 100_002), false);
  const ratio = big.changed / Math.max(1, big.requests);
  console.log(
    `bench tiering: blobs=${big.blobs} changed=${big.changed} requests=${big.requests} per_blob_requests=${big.changed} ratio=${ratio.toFixed(1)} rss_mb_10k=${small.rssMb} rss_mb_100k=${big.rssMb} rss_mb_100k_uncapped=${uncapped.rssMb} protected_changed=${big.protectedChanged + small.protectedChanged} wall_s=${big.wallS.toFixed(2)}`,
  );
}
