// Which incident an event raises or clears, with the facts it brings. Pure: the table below is the whole policy.
//
//   Rpo.Breached / Rpo.AtRisk            raise  rpo                  (status breached / at-risk)
//   Rpo.Recovered                        clear  rpo
//   Backup.JobFailed (Backup)            raise  job-failing
//   Rerun.Failed                         raise  job-failing          (status rerun failed: attempts used / budget)
//   Backup.JobSucceeded (Backup),
//   Rerun.Succeeded                      clear  job-failing, remediation-exhausted, threshold-breached
//   Remediation.Exhausted / Escalated    raise  remediation-exhausted
//   Backup.ThresholdBreached             raise  threshold-breached   (no event clears a threshold: the next good job does)
//
// Restore jobs are left to the restore drill (not built yet), as is `restore-validation-failed`: no event maps to it.
import type { AutopilotCloudEvent } from '../../events/cloudEvent.js';
import type { IncidentFacts, ProblemKind } from './types.js';

export type Signal =
  | { readonly action: 'raise'; readonly kind: ProblemKind; readonly facts: IncidentFacts }
  | {
      readonly action: 'clear';
      readonly kind: ProblemKind;
      readonly summary: string;
      /** The facts at resolution (the newest point, its age, the job that succeeded): the "Resolved" message shows these. */
      readonly facts: Partial<IncidentFacts>;
    };

const place = (d: { name: string; vault: string | null; cluster: string | null }) => ({ name: d.name, vault: d.vault, cluster: d.cluster });
const CLEARED_BY_GOOD_JOB: readonly ProblemKind[] = ['job-failing', 'remediation-exhausted', 'threshold-breached'];

export function signalsOf(e: AutopilotCloudEvent): Signal[] {
  switch (e.type) {
    case 'Autopilot.Rpo.Breached':
    case 'Autopilot.Rpo.AtRisk': {
      const d = e.data;
      const facts: IncidentFacts = {
        ...place(d),
        status: d.verdict,
        summary: d.reason,
        targetRpo: d.targetRpo,
        latestRecoveryPoint: d.latestRecoveryPoint,
        ageSeconds: d.ageSeconds,
      };
      return [{ action: 'raise', kind: 'rpo', facts }];
    }
    case 'Autopilot.Rpo.Recovered': {
      const d = e.data;
      const facts = { targetRpo: d.targetRpo, latestRecoveryPoint: d.latestRecoveryPoint, ageSeconds: d.ageSeconds };
      return [{ action: 'clear', kind: 'rpo', summary: d.reason, facts }];
    }
    case 'Autopilot.Backup.JobFailed': {
      const d = e.data;
      if (d.operation !== 'Backup') return [];
      const facts: IncidentFacts = {
        ...place(d),
        status: 'failing',
        summary: `backup job failed${d.errorCode ? ` with ${d.errorCode}` : ''}`,
        jobId: d.jobId,
        errorCode: d.errorCode,
        errorMessage: d.errorMessage,
        failedJobs: [d.jobId],
      };
      return [{ action: 'raise', kind: 'job-failing', facts }];
    }
    case 'Autopilot.Rerun.Failed': {
      const d = e.data;
      const facts: IncidentFacts = {
        ...place(d),
        status: 'rerun failed',
        summary: `re-run ${d.attempt} of ${d.budget} failed${d.errorCode ? ` with ${d.errorCode}` : ''}`,
        jobId: d.rerunJobId,
        errorCode: d.errorCode,
        errorMessage: d.errorMessage,
        rerunsUsed: d.attempt,
        rerunBudget: d.budget,
        failedJobs: [d.rerunJobId],
      };
      return [{ action: 'raise', kind: 'job-failing', facts }];
    }
    case 'Autopilot.Backup.JobSucceeded': {
      if (e.data.operation !== 'Backup') return [];
      // The job that ended the problem, and no error any more: a resolved card must not show the failure's code.
      const facts = { jobId: e.data.jobId, errorCode: null, errorMessage: null };
      return CLEARED_BY_GOOD_JOB.map((kind) => ({ action: 'clear' as const, kind, summary: 'a backup job completed', facts }));
    }
    case 'Autopilot.Rerun.Succeeded': {
      const d = e.data;
      const facts = { jobId: d.rerunJobId, errorCode: null, errorMessage: null, rerunsUsed: d.attempt, rerunBudget: d.budget };
      return CLEARED_BY_GOOD_JOB.map((kind) => ({
        action: 'clear' as const,
        kind,
        summary: `re-run ${d.attempt} of ${d.budget} completed`,
        facts,
      }));
    }
    case 'Autopilot.Remediation.Exhausted':
    case 'Autopilot.Remediation.Escalated': {
      const d = e.data;
      const facts: IncidentFacts = {
        ...place(d),
        status: e.type === 'Autopilot.Remediation.Exhausted' ? 'budget exhausted' : 'needs a person',
        summary: d.why,
        jobId: d.failedJobId,
        errorCode: d.errorCode,
        errorMessage: d.errorMessage,
        rerunsUsed: d.used,
        rerunBudget: d.budget,
      };
      return [{ action: 'raise', kind: 'remediation-exhausted', facts }];
    }
    case 'Autopilot.Backup.ThresholdBreached': {
      const d = e.data;
      const facts: IncidentFacts = {
        ...place(d),
        status: 'breached',
        summary: `${d.metric} ${round(d.value)} crossed ${round(d.threshold)} over ${d.window} (${d.sampleSize} jobs)`,
        metric: d.metric,
      };
      return [{ action: 'raise', kind: 'threshold-breached', facts }];
    }
  }
}

const round = (n: number): string => String(Math.round(n * 100) / 100);
