// Fault injection: in-memory rules that make matching requests fail the way Azure fails in production
// (throttling, 5xx, a 403 for a missing role, hung or reset connections, failed LROs, broken continuation pages), or
// answer with a given body instead of the simulated one (`respond`: e.g. a REST spec example, word for word).
import { randomUUID } from 'node:crypto';
import type { ServiceName } from './types.js';

export type FaultKind = 'throttle' | 'status' | 'timeout' | 'reset' | 'lroFail' | 'brokenPage' | 'respond';

export interface FaultRuleInput {
  readonly kind: FaultKind;
  /** HTTP method to match (any when omitted). */
  readonly method?: string;
  readonly service?: ServiceName;
  /** Regular expression tested (case-insensitively) against the request path. */
  readonly path?: string;
  /** Let the first `after` matching requests through untouched. */
  readonly after?: number;
  /** How many matching requests fail (default 1; Infinity = until removed). */
  readonly times?: number;
  /** throttle / status: Retry-After seconds (throttle defaults to 0 so SDK retries are instant). */
  readonly retryAfterSeconds?: number;
  /** status: 500 (default), 503, or 403 (AuthorizationFailed: the caller lacks a role). respond: default 200 (or 202). */
  readonly status?: 500 | 503 | 403 | 200 | 202;
  /** respond: the JSON body to answer with. */
  readonly body?: unknown;
  /** respond: response headers, e.g. an Azure-AsyncOperation or Location that points somewhere else. */
  readonly headers?: Readonly<Record<string, string>>;
  /** timeout: how long the request is held before the socket is destroyed (default 30 s). */
  readonly ms?: number;
  /** lroFail: error code and message of the failed operation. */
  readonly code?: string;
  readonly message?: string;
  /** brokenPage: answer 200 with truncated JSON instead of a 500. */
  readonly malformed?: boolean;
}

export interface FaultRule extends FaultRuleInput {
  readonly id: string;
  /** Matching requests seen so far (including the ones skipped by `after`). */
  readonly matched: number;
  /** Matching requests that were actually failed. */
  readonly hits: number;
}

export interface FaultContext {
  readonly method: string;
  readonly service: ServiceName | undefined;
  readonly path: string;
  /** True for requests that continue a paged list (carry a $skipToken). */
  readonly continuation: boolean;
}

interface StoredRule {
  readonly input: FaultRuleInput;
  readonly id: string;
  readonly regex: RegExp | undefined;
  matched: number;
  hits: number;
}

export class FaultInjector {
  private readonly rules: StoredRule[] = [];

  add(input: FaultRuleInput): FaultRule {
    const times = input.times ?? 1;
    if (!(times > 0)) throw new RangeError('times must be positive');
    if ((input.after ?? 0) < 0) throw new RangeError('after must not be negative');
    const regex = input.path === undefined ? undefined : new RegExp(input.path, 'i'); // throws on a bad pattern
    const stored: StoredRule = { input: { ...input, times }, id: randomUUID(), regex, matched: 0, hits: 0 };
    this.rules.push(stored);
    return snapshot(stored);
  }

  remove(id: string): boolean {
    const index = this.rules.findIndex((rule) => rule.id === id);
    if (index >= 0) this.rules.splice(index, 1);
    return index >= 0;
  }

  clear(): void {
    this.rules.length = 0;
  }

  list(): FaultRule[] {
    return this.rules.map(snapshot);
  }

  /**
   * The rule (of one of `kinds`) that fails this request, if any. Every matching rule counts the request, so
   * `after` means "the N+1th matching request" even when several rules overlap; only the first due rule fires.
   */
  take(kinds: readonly FaultKind[], context: FaultContext): FaultRule | undefined {
    let fired: StoredRule | undefined;
    for (const rule of this.rules) {
      if (!kinds.includes(rule.input.kind) || !matches(rule, context)) continue;
      rule.matched += 1;
      const due = rule.matched > (rule.input.after ?? 0) && rule.hits < (rule.input.times ?? 1);
      if (fired === undefined && due) {
        rule.hits += 1;
        fired = rule;
      }
    }
    return fired === undefined ? undefined : snapshot(fired);
  }
}

function matches(rule: StoredRule, context: FaultContext): boolean {
  const { method, service } = rule.input;
  if (method !== undefined && method.toUpperCase() !== context.method.toUpperCase()) return false;
  if (service !== undefined && service !== context.service) return false;
  if (rule.regex !== undefined && !rule.regex.test(context.path)) return false;
  // A broken page only makes sense for continuation requests; first pages are left alone.
  return rule.input.kind !== 'brokenPage' || context.continuation;
}

function snapshot(rule: StoredRule): FaultRule {
  return { ...rule.input, id: rule.id, matched: rule.matched, hits: rule.hits };
}
