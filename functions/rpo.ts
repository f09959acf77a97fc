// GET /api/rpo[?instance=<backup instance ARM id>] — on-demand RPO verdicts for every AKS backup instance, or one.
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { services } from '../shared/composition.js';
import { parseRpoQuery } from '../shared/http/rpoQuery.js';
import { InstanceNotFoundError } from '../shared/usecases/rpoReport.js';

export async function rpo(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const { config, rpoReporter } = services();
  const query = parseRpoQuery(request.query, config.subscriptionIds);
  if ('response' in query) return query.response;
  try {
    const report = await rpoReporter.run(query.value);
    context.log('rpo check', { instances: report.summary.total, ...report.summary });
    return { status: 200, jsonBody: report };
  } catch (e) {
    if (e instanceof InstanceNotFoundError) return { status: 404, jsonBody: { error: { code: 'InstanceNotFound', message: e.message } } };
    throw e;
  }
}

app.http('rpo', { methods: ['GET'], authLevel: 'function', route: 'rpo', handler: rpo });
