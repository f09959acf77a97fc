// What GET /api/rpo answers: the backup instances' verdicts plus those of the blob-landed backups (Velero, pg_dump,
// etcd), judged by the same rules. Blob sources belong to no vault or cluster, so they are left out when the caller
// narrows to an instance, a cluster or a vault; a verdict filter applies to both.
//
// Bursts: callers asking the same question within RPO_HTTP_CACHE_SECONDS share one check (single flight, then the
// answer is reused until it is that old), so 200 dashboards refreshing at once cost one fleet scan, not 200, and do
// not starve the timers of the same identity's ARM budget. A failed check is not kept: the next caller tries again.
import type { Clock } from '../../clock.js';
import type { BlobSourceReport } from './blobSources.js';
import { summarize, type RpoQuery, type RpoReport } from './rpoReport.js';

export interface RpoOverview extends RpoReport {
  readonly blobSources: readonly BlobSourceReport[];
}

interface Entry {
  readonly answer: Promise<RpoOverview>;
  /** When the answer came in (undefined while the check runs: an entry in flight is always shared). */
  settledAt?: number;
}

export class RpoOverviewReader {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly fleet: { run(query: RpoQuery): Promise<RpoReport> },
    private readonly blobSources: () => { run(): Promise<BlobSourceReport[]> },
    private readonly clock: Clock,
    /** How long an answer is reused for the same question; 0 turns the cache off (every call checks). */
    private readonly reuseMs: number,
  ) {}

  async run(query: RpoQuery = {}): Promise<RpoOverview> {
    // The verdict filter is applied to a shared answer, so `?verdict=breached` and the unfiltered page share a check.
    const { verdicts, ...scope } = query;
    const all = await this.shared(scope);
    if (!verdicts) return all;
    const instances = all.instances.filter((i) => verdicts.includes(i.verdict));
    return {
      ...all,
      summary: summarize(instances),
      instances,
      blobSources: all.blobSources.filter((b) => verdicts.includes(b.verdict)),
    };
  }

  private shared(scope: Omit<RpoQuery, 'verdicts'>): Promise<RpoOverview> {
    const key = JSON.stringify([scope.instanceId ?? '', scope.cluster?.toLowerCase() ?? '', scope.vault?.toLowerCase() ?? '']);
    const now = this.clock.now().getTime();
    for (const [k, e] of this.cache) if (e.settledAt !== undefined && now - e.settledAt >= this.reuseMs) this.cache.delete(k);
    const hit = this.cache.get(key);
    if (hit) return hit.answer;
    const entry: Entry = { answer: this.check(scope) };
    this.cache.set(key, entry);
    entry.answer.then(
      () => {
        if (this.reuseMs > 0) entry.settledAt = this.clock.now().getTime();
        else this.cache.delete(key);
      },
      () => this.cache.delete(key),
    );
    return entry.answer;
  }

  private async check(scope: Omit<RpoQuery, 'verdicts'>): Promise<RpoOverview> {
    const narrowed = scope.instanceId !== undefined || scope.cluster !== undefined || scope.vault !== undefined;
    const [report, blobs] = await Promise.all([this.fleet.run(scope), narrowed ? Promise.resolve([]) : this.blobSources().run()]);
    return { ...report, blobSources: blobs };
  }
}
