// POST /api/alerts (function key; the action group's Azure Function receiver sends it): Azure Monitor alerts in the
// common alert schema → Autopilot.Backup.JobFailed events (shared/usecases/alertIngest.ts). A malformed payload gets
// 400 naming the field and a warning in the log; it never throws.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { app } from '@azure/functions';
import { services } from '../shared/composition.js';
import { parseAlertBody } from '../shared/http/alertRequest.js';

export async function alertIngest(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const { config, alertIngest: ingest } = services();
  const alert = parseAlertBody(await request.text(), config.subscriptionIds);
  if ('response' in alert) {
    context.warn('alert ingest: malformed alert refused', { problem: alert.problem });
    return alert.response;
  }
  const result = await ingest.run(alert.value);
  context.log('alert ingest', result);
  for (const w of result.warnings ?? []) context.warn(`alert ingest: ${w}`);
  return { status: 202, jsonBody: result };
}

app.http('alertIngest', { methods: ['POST'], authLevel: 'function', route: 'alerts', handler: alertIngest });
