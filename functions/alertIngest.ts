// POST /api/alerts: in Azure a secure webhook (the action group sends an Entra token that App Service Authentication
// validates, and shared/http/alertAuth.ts checks the claims: ALERT_AUTH_AUDIENCE); without that, a per-function
// key (local mode). Azure Monitor alerts in the
// common alert schema → Autopilot.Backup.JobFailed events (shared/usecases/detection/alertIngest.ts). A malformed payload gets
// a 4xx naming the field and a warning in the log; an alert that is not a backup job failure gets 202 with the
// reason it is ignored. Neither reaches Azure; nothing here throws for bad input.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { app } from '@azure/functions';
import { services } from '../shared/composition.js';
import { httpFunction } from '../shared/functionGuard.js';
import { alertRouteAuthLevel, checkAlertCaller, platformAuthOn } from '../shared/http/alertAuth.js';
import { readAlertRequest } from '../shared/http/alertRequest.js';

export async function alertIngest(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const { config, alertIngest: ingest } = services();
  if (config.alertAuth) {
    const caller = checkAlertCaller(request.headers, config.alertAuth, platformAuthOn(process.env));
    if (!caller.ok) {
      context.warn('alert ingest: caller refused', { status: caller.status, code: caller.code });
      return { status: caller.status, jsonBody: { error: { code: caller.code, message: caller.message } } };
    }
  }
  const limits = { watchedSubscriptions: config.subscriptionIds, maxJobIds: config.remediation.alertMaxJobIds };
  const alert = await readAlertRequest(request, limits);
  if ('response' in alert) {
    context.warn('alert ingest: malformed alert refused', { problem: alert.problem });
    return alert.response;
  }
  const result = await ingest.run(alert.value);
  context.log('alert ingest', result);
  for (const w of result.warnings ?? []) context.warn(`alert ingest: ${w}`);
  // Ids the alert named that do not count (not its targets', not AKS, outside its window, missing): one line, why each.
  if (result.rejected) context.warn('alert ingest: named job ids dropped', { alertId: result.alertId, rejected: result.rejected });
  return { status: 202, jsonBody: result };
}

app.http('alertIngest', {
  methods: ['POST'],
  authLevel: alertRouteAuthLevel(process.env),
  route: 'alerts',
  handler: httpFunction('alert-ingest', alertIngest),
});
