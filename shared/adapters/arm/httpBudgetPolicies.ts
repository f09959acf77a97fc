// The pipeline policies that enforce the HTTP path's short retry budget (httpBudget.ts says why and what it is). Loaded
// with the SDK pipelines that carry them (the ARM transport, the Event Grid publisher), never with a function entry.
import { isRestError, RestError, type PipelinePolicy, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { currentBudget } from './httpBudget.js';

const attempts = new WeakMap<PipelineRequest, number>();

/** Thrown by the per-attempt policy to stop the retry policy (it rethrows anything that is not a RestError at once). */
class BudgetSpent extends Error {
  constructor(
    readonly original: { readonly error: unknown } | { readonly response: PipelineResponse },
    options?: ErrorOptions,
  ) {
    super('retry budget of the HTTP path spent', options);
  }
}

const TRANSPORT = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);
const isTransport = (e: unknown): boolean =>
  isRestError(e) && e.statusCode === undefined && (TRANSPORT.has(e.code ?? '') || /CERT|TLS|SSL/.test(e.code ?? ''));
const isTimeout = (e: unknown): boolean => isRestError(e) && e.code === 'ETIMEDOUT';
const origin = (url: string): string => /^[a-z]+:\/\/[^/]+/i.exec(url)?.[0]?.toLowerCase() ?? url;

/** Seconds or milliseconds the response asks to wait, as the SDK's throttling strategy reads them. */
function retryAfterMs(res: PipelineResponse): number | undefined {
  const ms = Number(res.headers.get('retry-after-ms') ?? res.headers.get('x-ms-retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const header = res.headers.get('retry-after');
  if (header === undefined) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** Statuses the SDK's strategies retry: throttling and transient server errors. */
const retried = (status: number): boolean => status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);

/**
 * Outside the retry policy (it sees each call once): refuses a call to an origin that already failed in this
 * invocation, caps each attempt's timeout, records transport failures, and turns a spent budget back into what the
 * last attempt produced — the error, or the response for the caller to judge as it always does.
 */
export const httpBudgetCallPolicy: PipelinePolicy = {
  name: 'httpBudgetCall',
  async sendRequest(request, next) {
    const budget = currentBudget();
    if (!budget) return next(request);
    const key = origin(request.url);
    if (budget.broken.has(key)) throw budget.broken.get(key);
    request.timeout = request.timeout > 0 ? Math.min(request.timeout, budget.attemptTimeoutMs) : budget.attemptTimeoutMs;
    try {
      return await next(request);
    } catch (e) {
      const error = e instanceof BudgetSpent ? ('response' in e.original ? undefined : e.original.error) : e;
      if (e instanceof BudgetSpent && 'response' in e.original) return e.original.response;
      if (isTransport(error)) budget.broken.set(key, error);
      throw error;
    }
  },
};

/**
 * After the retry policy (every attempt; outside any policy that turns a timeout into a retryable error): stops
 * retrying once the budget is spent, after a timeout, or when the upstream asks for a longer wait than the budget has.
 */
export const httpBudgetAttemptPolicy: PipelinePolicy = {
  name: 'httpBudgetAttempt',
  async sendRequest(request, next) {
    const budget = currentBudget();
    if (!budget) return next(request);
    const n = (attempts.get(request) ?? 0) + 1;
    attempts.set(request, n);
    const last = n > budget.maxRetries;
    let response: PipelineResponse;
    try {
      response = await next(request);
    } catch (e) {
      const error = (e as Error).name === 'AbortError' && !request.abortSignal?.aborted ? timeoutError(request) : e;
      // A timeout is not a blip: a second attempt would cost the caller another full wait.
      if (isRestError(error) && (last || isTimeout(error))) throw new BudgetSpent({ error });
      throw error;
    }
    if (retried(response.status)) {
      const wait = retryAfterMs(response);
      if (last || (wait !== undefined && wait > budget.maxWaitMs)) throw new BudgetSpent({ response });
    }
    return response;
  },
};

/** The HTTP client reports a per-request timeout as an AbortError; as a RestError it names the request (and URL). */
export function timeoutError(request: PipelineRequest): RestError {
  return new RestError(`request timed out after ${request.timeout} ms`, { code: 'ETIMEDOUT', request });
}
