// The short retry budget of the HTTP path (GET /api/rpo, POST /api/alerts). The SDK pipelines are tuned for the
// unattended side — 4 retries, exponential backoff, Retry-After honoured up to a minute, 30 s per attempt — which is
// right for a timer and wrong for a caller waiting on an answer: with ARM unreachable /api/rpo took 16 s to fail.
// Inside `withHttpBudget` the same pipelines (the same clients, built once) retry at most once, wait at most
// MAX_WAIT_MS between attempts, give an attempt at most ATTEMPT_TIMEOUT_MS, never retry a timeout, and stop calling an
// endpoint that already failed at the transport level in this invocation (the Resource Graph fallback would otherwise
// pay the same wait again against the same dead host). A broken endpoint is thus answered within about 5 s, while a
// healthy but large check still takes what it takes.
//
// This module holds only the budget itself, so that the HTTP functions can open one without loading an SDK; the
// policies that enforce it live in httpBudgetPolicies.ts, loaded with the pipelines that carry them.
import { AsyncLocalStorage } from 'node:async_hooks';

export const HTTP_BUDGET = { maxRetries: 1, maxWaitMs: 1_000, attemptTimeoutMs: 4_000 } as const;

export interface Budget {
  readonly maxRetries: number;
  readonly maxWaitMs: number;
  readonly attemptTimeoutMs: number;
  /** Origins that failed at the transport level in this invocation, with the error they failed with. */
  readonly broken: Map<string, unknown>;
}

const current = new AsyncLocalStorage<Budget>();

/** Runs `work` with the HTTP path's budget applied to every pipeline that carries the budget policies. */
export function withHttpBudget<T>(work: () => Promise<T>, budget: Omit<Budget, 'broken'> = HTTP_BUDGET): Promise<T> {
  return current.run({ ...budget, broken: new Map() }, work);
}

/** The budget of the invocation running now, if it runs inside withHttpBudget (read by the pipeline policies). */
export const currentBudget = (): Budget | undefined => current.getStore();
