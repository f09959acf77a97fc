// POST /api/alerts: an Azure Monitor alert (common alert schema) about backup job failures becomes the same
// Autopilot.Backup.JobFailed events the timers publish (same ids), with source /autopilot/alertIngest. The jobs come
// from Azure: the ones the alert names (by id) or, when it names none, the failed jobs of its targets around the time
// it fired. A Resolved alert needs nothing: the job watch reports the success that resolved it.
//
// Whoever can post an alert writes all of it, so a named id is only a lead: it is read from ARM (through the bounded
// pool, ARM_CONCURRENCY, after a free check that it could belong to a target at all) and counts only under the trust
// rules of shared/domain/detection/alertJobs.ts. Every id dropped is reported with its reason; nothing is published for it.
import type { AlertFacts } from '../../domain/detection/alert.js';
import { jobMatchesTargets } from '../../domain/detection/alert.js';
import { alertWindow, judgeAlertJob, mayBelongToTargets, type RejectedJob } from '../../domain/detection/alertJobs.js';
import { jobPhase } from '../../domain/azureWords.js';
import { mapPool } from '../../util/pool.js';
import { jobOutcomeEvent } from './detectJobEvents.js';
import type { BackupRerunner, EventPublisher, JobFact, JobFeed, JobFeedAnswer } from '../ports.js';

export { ALERT_LOOKBACK_MS } from '../../domain/detection/alertJobs.js';

export interface AlertIngestDeps {
  readonly feed: JobFeed;
  readonly jobs: Pick<BackupRerunner, 'job'>;
  readonly publisher: EventPublisher;
  /** Most job lookups in flight at once (ARM_CONCURRENCY), as for every other fan-out over ARM. */
  readonly concurrency: number;
}

export interface AlertIngestResult {
  readonly alertId: string;
  readonly monitorCondition: string;
  readonly jobs: number;
  readonly published: readonly string[];
  readonly note?: string;
  /** Why jobs were read from the DataProtection API instead of Resource Graph, if they were (logged word for word). */
  readonly warnings?: readonly string[];
  /** Why the alert was not acted on (not a backup job failure alert). */
  readonly ignored?: string;
  /** Job ids the alert named that do not count, each with why (logged; nothing is published for them). */
  readonly rejected?: readonly RejectedJob[];
}

export class AlertIngest {
  constructor(private readonly deps: AlertIngestDeps) {}

  async run(alert: AlertFacts): Promise<AlertIngestResult> {
    const base = { alertId: alert.alertId, monitorCondition: alert.monitorCondition };
    if (alert.ignored !== undefined) return { ...base, jobs: 0, published: [], ignored: alert.ignored };
    if (alert.monitorCondition === 'Resolved') return { ...base, jobs: 0, published: [], note: 'resolved alert: nothing to do' };
    const { jobs, warnings, rejected } = await this.jobsOf(alert);
    const events = jobs
      .flatMap((j) => jobOutcomeEvent(j, 'azure-monitor-alert') ?? [])
      .filter((e) => e.type === 'Autopilot.Backup.JobFailed');
    if (events.length > 0) await this.deps.publisher.publish(events);
    const note = events.length === 0 ? 'no failed AKS backup job found for the alert targets in the window' : undefined;
    return {
      ...base,
      jobs: jobs.length,
      published: events.map((e) => e.id),
      ...(note ? { note } : {}),
      ...(warnings.length > 0 ? { warnings } : {}),
      ...(rejected.length > 0 ? { rejected } : {}),
    };
  }

  private async jobsOf(alert: AlertFacts): Promise<JobFeedAnswer & { readonly rejected: readonly RejectedJob[] }> {
    const window = alertWindow(alert.firedAt);
    if (alert.jobIds.length > 0) return { ...(await this.namedJobs(alert)), warnings: [] };
    const ended = await this.deps.feed.endedBetween(window.from, window.to);
    const jobs = ended.jobs.filter((j) => jobPhase(j.status) === 'failed' && jobMatchesTargets(j, alert.targets));
    return { ...ended, jobs, rejected: [] };
  }

  /** The named ids that count; ARM is asked only about ids that could belong to a target, a few at a time. */
  private async namedJobs(alert: AlertFacts): Promise<{ jobs: JobFact[]; rejected: RejectedJob[] }> {
    const window = alertWindow(alert.firedAt);
    const rejected: RejectedJob[] = [];
    const leads = alert.jobIds.filter((id) => {
      if (mayBelongToTargets(id, alert.targets)) return true;
      rejected.push({ jobId: id, reason: 'not-a-target', detail: "is in a vault none of the alert's targets contains" });
      return false;
    });
    const read = await mapPool(leads, this.deps.concurrency, (id) => this.deps.jobs.job(id));
    const jobs: JobFact[] = [];
    read.forEach((job, i) => {
      const id = leads[i] ?? '';
      const rejection = job
        ? judgeAlertJob(job, alert.targets, window)
        : { jobId: id, reason: 'not-found' as const, detail: 'ARM has no such job' };
      if (rejection) rejected.push(rejection);
      else if (job) jobs.push(job);
    });
    return { jobs, rejected };
  }
}
