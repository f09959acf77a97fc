// ARM's request throttling (token-bucket model, 2024+): per principal and per operation type, a bucket that
// holds `burst` tokens and refills `perSecond` tokens a second of real time. An empty bucket means 429.
import type { RequestKind, ServiceName } from './types.js';

export interface BucketLimits {
  readonly burst: number;
  readonly perSecond: number;
}

export type ThrottleLimits = Readonly<Record<RequestKind, BucketLimits>>;

/** Public ARM numbers per subscription × principal (learn.microsoft.com request-limits-and-throttling). */
export const ARM_LIMITS: ThrottleLimits = {
  read: { burst: 250, perSecond: 25 },
  write: { burst: 200, perSecond: 10 },
  delete: { burst: 200, perSecond: 10 },
};

export interface ThrottleDecision {
  readonly allowed: boolean;
  /** Whole tokens left after this request (what ARM reports in x-ms-ratelimit-remaining-subscription-*). */
  readonly remaining: number;
  /** Seconds until a token is available again (≥1) when not allowed. */
  readonly retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class ArmThrottle {
  enabled: boolean;
  private limits: ThrottleLimits;
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    options: { enabled?: boolean; limits?: Partial<ThrottleLimits> } = {},
    private readonly now: () => number = () => performance.now(),
  ) {
    this.enabled = options.enabled ?? true;
    this.limits = { ...ARM_LIMITS, ...options.limits };
  }

  get currentLimits(): ThrottleLimits {
    return this.limits;
  }

  /** Change the bucket sizes (tests use tiny ones); all buckets start full again. */
  configure(limits: Partial<ThrottleLimits>): void {
    this.limits = { ...this.limits, ...limits };
    this.buckets.clear();
  }

  reset(): void {
    this.buckets.clear();
  }

  /** Take one token for a request; buckets are per service, principal and kind. */
  consume(service: ServiceName, principal: string | undefined, kind: RequestKind): ThrottleDecision {
    const { burst, perSecond } = this.limits[kind];
    const key = `${service}|${principal ?? 'anonymous'}|${kind}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, updatedAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (!this.enabled || bucket.tokens >= 1) {
      if (this.enabled) bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    }
    const wait = perSecond > 0 ? Math.ceil((1 - bucket.tokens) / perSecond) : 3600;
    return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, wait) };
  }
}

export const remainingHeader = (kind: RequestKind): string =>
  `x-ms-ratelimit-remaining-subscription-${kind === 'read' ? 'reads' : kind === 'write' ? 'writes' : 'deletes'}`;
