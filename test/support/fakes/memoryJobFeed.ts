// The JobFeed port over one in-memory list of jobs, so a job the MemoryRerunner starts is seen by the next
// recentJobs() just as Azure's on-demand job is. (The two sources behind CheckedJobFeed have their own unit test.)
import { isRunning } from '../../../shared/domain/azureWords.js';
import type { JobFact, JobFeed, JobFeedAnswer } from '../../../shared/usecases/ports.js';
import { FailNext } from './failures.js';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const byEnd = (a: JobFact, b: JobFact) => (a.endTime?.getTime() ?? 0) - (b.endTime?.getTime() ?? 0);

export class MemoryJobFeed implements JobFeed {
  readonly jobs: JobFact[] = [];
  /** Warnings every endedBetween answer carries (as the checked feed reports a fallback). */
  warnings: string[] = [];
  readonly failures = new FailNext();
  /** Every query, so a test can check the window a use case asked for. */
  readonly queries: { readonly op: string; readonly from: Date; readonly to?: Date }[] = [];

  add(...jobs: JobFact[]): this {
    this.jobs.push(...jobs);
    return this;
  }

  /** Replaces a job's facts (a running job finishing, say). */
  update(id: string, change: Partial<JobFact>): JobFact {
    const i = this.jobs.findIndex((j) => same(j.id, id));
    if (i < 0) throw new Error(`MemoryJobFeed: no job ${id}`);
    this.jobs[i] = { ...this.jobs[i]!, ...change };
    return this.jobs[i];
  }

  find(id: string): JobFact | undefined {
    return this.jobs.find((j) => same(j.id, id));
  }

  /** Jobs that ended in [from, to), oldest first: the port's half-open window, so a boundary job is read once. */
  endedBetween(from: Date, to: Date): Promise<JobFeedAnswer> {
    this.queries.push({ op: 'endedBetween', from, to });
    return this.failures.settle(() => ({
      jobs: this.jobs.filter((j) => j.endTime && j.endTime >= from && j.endTime < to).sort(byEnd),
      warnings: [...this.warnings],
    }));
  }

  recentJobs(instanceId: string, since: Date): Promise<JobFact[]> {
    this.queries.push({ op: 'recentJobs', from: since });
    return this.failures.settle(() =>
      this.jobs.filter(
        (j) => same(j.instanceId, instanceId) && j.operation === 'Backup' && ((j.startTime && j.startTime >= since) || isRunning(j.status)),
      ),
    );
  }
}
