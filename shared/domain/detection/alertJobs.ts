// Which job ids named in an alert's context count. Anyone who can reach POST /api/alerts writes the whole alert —
// its targets, its time and the ids in its context — so the ids are leads, never facts: each is read from ARM, and
// counts only if ARM's job belongs to one of the alert's targets, is an AKS backup job, ended in the alert's window and
// failed. Pure: the use case (shared/usecases/detection/alertIngest.ts) does the reads and reports every rejection.
import { isAksDatasource, jobPhase } from '../azureWords.js';
import { jobMatchesTargets } from './alert.js';

/** How far before the alert fired a failed job is looked for (the built-in alerts fire within minutes). */
export const ALERT_LOOKBACK_MS = 2 * 3_600_000;
/** A job may end just after the alert's evaluation (clocks, ingestion): a few minutes of slack after it fired. */
export const ALERT_LOOKAHEAD_MS = 5 * 60_000;

/** Why an id named in an alert was dropped. */
export type AlertJobRejection = 'not-a-target' | 'not-aks' | 'outside-window' | 'not-failed' | 'not-found';

export interface RejectedJob {
  readonly jobId: string;
  readonly reason: AlertJobRejection;
  /** In words, for the log and the 202. */
  readonly detail: string;
}

/** What ARM says about a job, as far as the trust rules need it. */
export interface AlertJobFacts {
  readonly id: string;
  readonly instanceId: string;
  readonly status: string;
  readonly endTime: Date | undefined;
  readonly datasourceId?: string | null | undefined;
  readonly datasourceType?: string | null | undefined;
}

export interface AlertWindow {
  readonly from: Date;
  readonly to: Date;
}

export const alertWindow = (firedAt: Date): AlertWindow => ({
  from: new Date(firedAt.getTime() - ALERT_LOOKBACK_MS),
  to: new Date(firedAt.getTime() + ALERT_LOOKAHEAD_MS),
});

const trimmed = (id: string): string => id.toLowerCase().replace(/\/+$/, '');
const CLUSTER_TYPE = /\/providers\/microsoft\.containerservice\/managedclusters\/[^/]+$/;

/**
 * Before any ARM call: whether the job this id names could belong to a target at all. A target that contains the
 * job's id (subscription, resource group, vault), an instance of the job's vault, or a cluster (which any vault may
 * protect: only the job's datasource tells) could; any other target cannot, so the id costs no ARM call.
 */
export function mayBelongToTargets(jobId: string, targets: readonly string[]): boolean {
  const job = trimmed(jobId);
  const vault = job.replace(/\/backupjobs\/[^/]+$/, '');
  return targets.some((t) => {
    const target = trimmed(t);
    return job.startsWith(`${target}/`) || target.startsWith(`${vault}/backupinstances/`) || CLUSTER_TYPE.test(target);
  });
}

/** The rejection a job read from ARM earns under the alert's targets and window, or undefined when it counts. */
export function judgeAlertJob(job: AlertJobFacts, targets: readonly string[], window: AlertWindow): RejectedJob | undefined {
  const reject = (reason: AlertJobRejection, detail: string): RejectedJob => ({ jobId: job.id, reason, detail });
  if (!jobMatchesTargets(job, targets)) {
    return reject('not-a-target', `belongs to ${job.instanceId || 'no backup instance'}, which none of the alert's targets contains`);
  }
  if (!isAksDatasource(job.datasourceType)) {
    return reject('not-aks', `is a job of a ${job.datasourceType ?? 'unknown'} datasource, not an AKS cluster`);
  }
  const ended = job.endTime?.getTime();
  if (ended === undefined || ended < window.from.getTime() || ended > window.to.getTime()) {
    const when = job.endTime ? `ended ${job.endTime.toISOString()}` : 'has not ended';
    return reject('outside-window', `${when}, outside the alert's window ${window.from.toISOString()} .. ${window.to.toISOString()}`);
  }
  if (jobPhase(job.status) !== 'failed') return reject('not-failed', `ended ${job.status}, not Failed`);
  return undefined;
}
