// Timer (JOB_WATCH_SCHEDULE, default every 5 min, UTC): AKS backup and restore jobs that ended since the watermark,
// from Resource Graph (cross-checked; the DataProtection jobs API where it is blind), published as
// Autopilot.Backup.JobFailed / JobSucceeded (shared/usecases/detection/jobWatch.ts).
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { services } from '../shared/composition.js';
import { timerFunction } from '../shared/functionGuard.js';

export async function jobWatchTimer(timer: Timer, context: InvocationContext): Promise<void> {
  const result = await services().jobWatch.run();
  context.log('job watch', { ...result, isPastDue: timer.isPastDue });
  for (const w of result.warnings) context.warn(`job watch: ${w}`);
}

app.timer('jobWatchTimer', { schedule: '%JOB_WATCH_SCHEDULE%', handler: timerFunction('job-watch', jobWatchTimer) });
