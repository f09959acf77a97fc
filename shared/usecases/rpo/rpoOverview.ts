// What GET /api/rpo answers: the backup instances' verdicts plus those of the blob-landed backups (Velero, pg_dump,
// etcd), judged by the same rules. Blob sources belong to no vault or cluster, so they are left out when the caller
// narrows to an instance, a cluster or a vault; a verdict filter applies to both.
import type { BlobSourceReport } from './blobSources.js';
import type { RpoQuery, RpoReport } from './rpoReport.js';

export interface RpoOverview extends RpoReport {
  readonly blobSources: readonly BlobSourceReport[];
}

export class RpoOverviewReader {
  constructor(
    private readonly fleet: { run(query: RpoQuery): Promise<RpoReport> },
    private readonly blobSources: () => { run(): Promise<BlobSourceReport[]> },
  ) {}

  async run(query: RpoQuery = {}): Promise<RpoOverview> {
    const narrowed = query.instanceId !== undefined || query.cluster !== undefined || query.vault !== undefined;
    const [report, blobs] = await Promise.all([this.fleet.run(query), narrowed ? Promise.resolve([]) : this.blobSources().run()]);
    const verdicts = query.verdicts;
    return { ...report, blobSources: verdicts ? blobs.filter((b) => verdicts.includes(b.verdict)) : blobs };
  }
}
