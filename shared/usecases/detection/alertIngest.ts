// POST /api/alerts: an Azure Monitor alert (common alert schema) about backup job failures becomes the same
// Autopilot.Backup.JobFailed events the timers publish (same ids), with source /autopilot/alertIngest. The jobs come
// from Azure: the ones the alert names (by id) or, when it names none, the failed jobs of its targets around the time
// it fired. A Resolved alert needs nothing: the job watch reports the success that resolved it.
import type { AlertFacts } from '../../domain/detection/alert.js';
import { jobMatchesTargets } from '../../domain/detection/alert.js';
import { jobPhase } from '../../domain/azureWords.js';
import { jobOutcomeEvent } from './detectJobEvents.js';
import type { BackupRerunner, EventPublisher, JobFact, JobFeed, JobFeedAnswer } from '../ports.js';

/** How far before the alert fired a failed job is looked for (the built-in alerts fire within minutes). */
export const ALERT_LOOKBACK_MS = 2 * 3_600_000;
const ALERT_LOOKAHEAD_MS = 5 * 60_000;

export interface AlertIngestDeps {
  readonly feed: JobFeed;
  readonly jobs: Pick<BackupRerunner, 'job'>;
  readonly publisher: EventPublisher;
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
}

export class AlertIngest {
  constructor(private readonly deps: AlertIngestDeps) {}

  async run(alert: AlertFacts): Promise<AlertIngestResult> {
    const base = { alertId: alert.alertId, monitorCondition: alert.monitorCondition };
    if (alert.ignored !== undefined) return { ...base, jobs: 0, published: [], ignored: alert.ignored };
    if (alert.monitorCondition === 'Resolved') return { ...base, jobs: 0, published: [], note: 'resolved alert: nothing to do' };
    const { jobs, warnings } = await this.jobsOf(alert);
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
    };
  }

  private async jobsOf(alert: AlertFacts): Promise<JobFeedAnswer> {
    if (alert.jobIds.length > 0) {
      const found = await Promise.all(alert.jobIds.map((id) => this.deps.jobs.job(id)));
      return { jobs: found.filter((j): j is JobFact => j !== undefined), warnings: [] };
    }
    const from = new Date(alert.firedAt.getTime() - ALERT_LOOKBACK_MS);
    const to = new Date(alert.firedAt.getTime() + ALERT_LOOKAHEAD_MS);
    const ended = await this.deps.feed.endedBetween(from, to);
    return { ...ended, jobs: ended.jobs.filter((j) => jobPhase(j.status) === 'failed' && jobMatchesTargets(j, alert.targets)) };
  }
}
