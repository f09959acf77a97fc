// GET /api/rpo[?instance=&cluster=&vault=&verdict=] — on-demand RPO verdicts for the AKS backup fleet (or part of it)
// and the blob-landed backups, as JSON or (Accept: text/html) as a page.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { app } from '@azure/functions';
import { services } from '../shared/composition.js';
import { httpFunction } from '../shared/functionGuard.js';
import { parseRpoQuery } from '../shared/http/rpoQuery.js';
import { rpoErrorResponse, rpoResponse } from '../shared/http/rpoResponse.js';

export async function rpo(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const { config, rpoOverview } = services();
  const query = parseRpoQuery(request.query, config.subscriptionIds);
  if ('response' in query) return query.response;
  try {
    const report = await rpoOverview.run(query.value);
    context.log('rpo check', { ...report.summary, armCalls: report.armCalls, warnings: report.warnings.length });
    for (const w of report.warnings) context.warn(`rpo check: ${w}`);
    return rpoResponse(report, query.value, request.headers.get('accept'));
  } catch (e) {
    const response = rpoErrorResponse(e);
    if (response) return response;
    throw e;
  }
}

app.http('rpo', { methods: ['GET'], authLevel: 'function', route: 'rpo', handler: httpFunction(undefined, rpo) });
