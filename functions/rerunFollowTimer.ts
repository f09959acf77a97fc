// Timer (RERUN_FOLLOW_SCHEDULE, default every 5 min, UTC): follows triggered re-runs to their end (Autopilot.Rerun.*),
// re-runs a failed re-run within the budget, and resumes remediation records whose claim expired (a crashed handler,
// a backoff that is due).
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { services } from '../shared/composition.js';
import { timerFunction } from '../shared/functionGuard.js';

export async function rerunFollowTimer(timer: Timer, context: InvocationContext): Promise<void> {
  const steps = await services().rerunFollower.run();
  context.log('rerun follow', {
    steps: steps.length,
    running: steps.filter((s) => s.step === 'running').length,
    isPastDue: timer.isPastDue,
  });
  for (const s of steps.filter((x) => x.step !== 'running')) {
    if (s.step === 'error') context.warn('rerun follow: record left for the next tick', s);
    else context.log('rerun follow step', s);
  }
}

app.timer('rerunFollowTimer', { schedule: '%RERUN_FOLLOW_SCHEDULE%', handler: timerFunction('remediation', rerunFollowTimer) });
