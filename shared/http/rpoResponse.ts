// The answer of GET /api/rpo: JSON for programs (the default, also for `*/*`), the HTML page for browsers — whoever
// asks for text/html more strongly than for JSON.
import type { HttpResponseInit } from '@azure/functions';
import type { RpoOverview } from '../usecases/rpo/rpoOverview.js';
import { InstanceNotFoundError, type RpoQuery, type RpoReport } from '../usecases/rpo/rpoReport.js';
import { renderRpoHtml } from './rpoHtml.js';

export function rpoResponse(
  report: RpoReport & Partial<Pick<RpoOverview, 'blobSources'>>,
  query: RpoQuery,
  accept: string | null,
): HttpResponseInit {
  if (!prefersHtml(accept)) return { status: 200, jsonBody: report };
  return {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" },
    body: renderRpoHtml(report, query),
  };
}

/** The 404 for an instance that does not exist; undefined for any other error (which then fails the invocation). */
export function rpoErrorResponse(error: unknown): HttpResponseInit | undefined {
  if (error instanceof InstanceNotFoundError)
    return { status: 404, jsonBody: { error: { code: 'InstanceNotFound', parameter: 'instance', message: error.message } } };
  return undefined;
}

/** text/html wins only with a higher quality than application/json (browsers: text/html 1, `*\/*` 0.8; curl: `*\/*`). */
export function prefersHtml(accept: string | null): boolean {
  if (!accept) return false;
  const html = quality(accept, 'text/html');
  return html > 0 && html > quality(accept, 'application/json');
}

/** The q-value the most specific matching media range gives `type` (RFC 9110 §12.5.1); 0 when none matches. */
function quality(accept: string, type: string): number {
  const family = `${type.split('/')[0]}/*`;
  let best: { specificity: number; q: number } | undefined;
  for (const part of accept.split(',')) {
    const [media = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const specificity = media === type ? 2 : media === family ? 1 : media === '*/*' ? 0 : -1;
    if (specificity < 0 || (best && best.specificity >= specificity)) continue;
    const weight = params.find((p) => p.startsWith('q='));
    const q = weight ? Number(weight.slice(2)) : 1;
    best = { specificity, q: Number.isFinite(q) ? q : 0 };
  }
  return best?.q ?? 0;
}
