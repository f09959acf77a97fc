// The JobLogs port (Log Analytics' AddonAzureBackupJobs) in memory: failed jobs by ingestion time, and the window
// statistics the test sets. Each query is kept, so a test can check the watermark the detector asked from.
import type { WindowStats } from '../../../shared/domain/detection/thresholds.js';
import type { JobFact, JobLogs } from '../../../shared/usecases/ports.js';
import { FailNext } from './failures.js';

export class MemoryJobLogs implements JobLogs {
  /** Failed jobs with the time their final row was ingested (TimeGenerated), which is what the window is on. */
  readonly rows: { readonly ingested: Date; readonly job: JobFact }[] = [];
  stats: WindowStats[] = [];
  readonly failures = new FailNext();
  readonly queries: { readonly from: Date; readonly to: Date }[] = [];

  failedJobs(from: Date, to: Date): Promise<JobFact[]> {
    this.queries.push({ from, to });
    return this.failures.settle(() => this.rows.filter((r) => r.ingested >= from && r.ingested < to).map((r) => r.job));
  }

  windowStats(): Promise<WindowStats[]> {
    return Promise.resolve(this.stats.map((s) => ({ ...s })));
  }
}
