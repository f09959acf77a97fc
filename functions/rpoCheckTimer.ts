// Timer (RPO_CHECK_SCHEDULE, default every 15 min, UTC): judge every backup instance and blob source, record verdict
// changes in blob state and publish them as Autopilot.Rpo.* CloudEvents. The schedule is an app setting (%NAME%), so
// it changes without a deployment; the host resolves it, and refuses to index the function when it is missing.
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { services } from '../shared/composition.js';
import { timerFunction } from '../shared/functionGuard.js';

export async function rpoCheckTimer(timer: Timer, context: InvocationContext): Promise<void> {
  const result = await services().rpoMonitor.run();
  context.log('rpo monitor', {
    observed: result.observed,
    changes: result.changes.length,
    published: result.published.length,
    pending: result.pending,
    warnings: result.warnings.length,
    isPastDue: timer.isPastDue,
  });
  for (const w of result.warnings) context.warn(`rpo monitor: ${w}`);
  // One line per change, but a first run over a large troubled fleet should not flood the log.
  for (const c of result.changes.slice(0, 50)) context.log('rpo state change', c);
}

app.timer('rpoCheckTimer', { schedule: '%RPO_CHECK_SCHEDULE%', handler: timerFunction('rpo-timer', rpoCheckTimer) });
