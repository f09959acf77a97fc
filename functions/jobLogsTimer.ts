// Timer (JOB_LOGS_SCHEDULE, default every 15 min, UTC): KQL over AddonAzureBackupJobs — failed jobs since the
// watermark (JobFailed) and sliding-window thresholds (ThresholdBreached); shared/usecases/detection/jobLogs.ts.
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { services } from '../shared/composition.js';
import { timerFunction } from '../shared/functionGuard.js';

export async function jobLogsTimer(timer: Timer, context: InvocationContext): Promise<void> {
  const result = await services().jobLogs.run();
  context.log('job logs', { ...result, isPastDue: timer.isPastDue });
}

app.timer('jobLogsTimer', { schedule: '%JOB_LOGS_SCHEDULE%', handler: timerFunction('job-logs', jobLogsTimer) });
