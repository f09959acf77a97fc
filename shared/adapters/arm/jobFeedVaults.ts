// Jobs of one backup vault from the DataProtection jobs API (Jobs_List): the detectors' fallback when Resource Graph
// cannot be queried or disagrees with the DataProtection API about a vault. The API has no server-side filter, so
// every job of the last 30 days is listed (all pages) and the AKS backup and restore jobs are kept, as the
// Resource Graph query keeps them.
import type { DataProtectionClient } from '../dataProtection/client.js';
import { isAksDatasource } from '../dataProtection/types.js';
import { toJobFact } from './jobFeed.js';
import type { JobFact, VaultJobSource } from '../../usecases/ports.js';

export class DataProtectionVaultJobs implements VaultJobSource {
  constructor(private readonly client: DataProtectionClient) {}

  async vaultJobs(vaultId: string): Promise<JobFact[]> {
    const jobs: JobFact[] = [];
    for await (const job of this.client.listJobs(vaultId)) {
      const p = job.properties;
      if (isAksDatasource(p.dataSourceType) && /^(backup|restore)$/i.test(p.operationCategory ?? '')) jobs.push(toJobFact(job));
    }
    return jobs;
  }
}
