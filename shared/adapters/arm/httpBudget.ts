// The short retry budget of the HTTP path (GET /api/rpo, POST /api/alerts). The SDK pipelines are tuned for the
// unattended side — 4 retries, exponential backoff, Retry-After honoured up to a minute, 30 s per attempt — which is
// right for a timer and wrong for a caller waiting on an answer: with ARM unreachable /api/rpo took 16 s to fail.
// Inside `withHttpBudget` the same pipelines (the same clients, built once) retry at most once, wait at most
// MAX_WAIT_MS between attempts, give an attempt at most ATTEMPT_TIMEOUT_MS, never retry a timeout, and stop calling an
// endpoint that already failed at the transport level in this invocation (the Resource Graph fallback would otherwise
// pay the same wait again against the same dead host). A broken endpoint is thus answered within about 5 s, while a
// healthy but large check still takes what it takes.
import { AsyncLocalStorage } from 'node:async_hooks';
import { isRestError, RestError, type PipelinePolicy, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';

export const HTTP_BUDGET = { maxRetries: 1, maxWaitMs: 1_000, attemptTimeoutMs: 4_000 } as const;

interface Budget {
  readonly maxRetries: number;
  readonly maxWaitMs: number;
  readonly attemptTimeoutMs: number;
  /** Origins that failed at the transport level in this invocation, with the error they failed with. */
  readonly broken: Map<string, unknown>;
}

const current = new AsyncLocalStorage<Budget>();
const attempts = new WeakMap<PipelineRequest, number>();

/** Runs `work` with the HTTP path's budget applied to every pipeline that carries the budget policies. */
export function withHttpBudget<T>(work: () => Promise<T>, budget: Omit<Budget, 'broken'> = HTTP_BUDGET): Promise<T> {
  return current.run({ ...budget, broken: new Map() }, work);
}

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
    const budget = current.getStore();
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
    const budget = current.getStore();
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
