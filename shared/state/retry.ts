// The one retry policy of optimistic concurrency. Not a transport retry (the SDK pipeline has those): every lost round
// means another writer made progress, which the next round reads and builds on. Bounded, because a writer that loses
// every round (a hot document, a bug that writes in a loop) must surface instead of spinning; jittered, because
// writers that collided once would otherwise collide again on the next round at the same instant.

export interface RetryPolicy {
  /** Read-decide-write rounds before giving up (the first attempt included). */
  readonly rounds: number;
  /** The pause after the first lost round; it doubles per round up to `maxDelayMs`, each a random part of it. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Injectable for tests. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  rounds: 8,
  baseDelayMs: 5,
  maxDelayMs: 200,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Every round lost to another writer: the caller's work is not done and must be retried at a higher level. */
export class RetryExhaustedError extends Error {
  override readonly name = 'RetryExhaustedError';
  constructor(
    readonly key: string,
    readonly rounds: number,
    options?: ErrorOptions,
  ) {
    super(`state document "${key}": gave up after ${rounds} rounds, each lost to another writer`, options);
  }
}

export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY, ...overrides };
  if (!Number.isInteger(policy.rounds) || policy.rounds < 1)
    throw new RangeError(`retry rounds must be a positive integer, got ${policy.rounds}`);
  return policy;
}

/** "Full jitter": a random pause in [0, min(max, base·2^(round−1))) after lost round `round` (1-based). */
export function backoffMs(policy: RetryPolicy, round: number): number {
  return policy.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (round - 1));
}
