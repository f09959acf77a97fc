// Push delivery from the topic to webhook subscriptions, with Event Grid's behaviour: one POST per event,
// exponential backoff on failures, dead-lettering after the last attempt. Runs in the background, but every
// delivery is tracked so close() can cancel it and tests can wait for quiet.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { sleep } from '../http/sleep.js';
import type { ParsedEvent } from './eventGridSchema.js';

export interface EventSubscription {
  readonly name: string;
  /** http(s) URL the events are POSTed to. */
  readonly endpoint: string;
  /** Only these event types are delivered (all when omitted). */
  readonly includedEventTypes?: readonly string[];
}

export interface DeliverySettings {
  /** First retry delay; doubles per attempt (default 1000 ms; tests use a few ms). */
  baseDelayMs: number;
  /** Attempts before dead-lettering (Event Grid: 30 over 24 h; locally 5). */
  maxAttempts: number;
  /** Per-attempt timeout (Event Grid waits 30 s). */
  timeoutMs: number;
}

export interface DeliveryAttempt {
  readonly at: string;
  readonly subscription: string;
  readonly eventId: string;
  /** 1-based. */
  readonly attempt: number;
  readonly delivered: boolean;
  readonly status?: number;
  readonly error?: string;
}

export interface DeadLetter {
  readonly deadLetteredAt: string;
  readonly subscription: string;
  readonly endpoint: string;
  readonly eventId: string;
  readonly event: Readonly<Record<string, unknown>>;
  readonly attempts: number;
  readonly lastError: string;
}

/** Event Grid gives up at once on these instead of retrying (documented retry schedule). */
const NOT_RETRIED = new Set([400, 413]);
const KEEP_ATTEMPTS = 10_000;

export class Deliverer {
  private readonly attemptLog: DeliveryAttempt[] = [];
  private readonly dead: DeadLetter[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly lifetime = new AbortController();

  constructor(
    readonly settings: DeliverySettings,
    private readonly ca: string | undefined,
    private readonly log: ((line: string) => void) | undefined,
  ) {}

  /** Starts delivering one event to one subscription in the background. */
  enqueue(subscription: EventSubscription, payload: { event: ParsedEvent; body: string; contentType: string }): void {
    if (this.lifetime.signal.aborted) return;
    const running: Promise<void> = this.deliver(subscription, payload)
      .catch((error: unknown) => this.log?.(`event grid: delivery crashed: ${String(error)}`))
      .finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
  }

  history(): DeliveryAttempt[] {
    return [...this.attemptLog];
  }

  deadLetters(): DeadLetter[] {
    return [...this.dead];
  }

  clear(): void {
    this.attemptLog.length = 0;
    this.dead.length = 0;
  }

  /** Resolves once no delivery (including ones started while waiting) is pending. */
  async waitForIdle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Cancels retries and open requests, then waits for them to unwind. */
  async close(): Promise<void> {
    this.lifetime.abort();
    await this.waitForIdle();
  }

  private async deliver(
    subscription: EventSubscription,
    payload: { event: ParsedEvent; body: string; contentType: string },
  ): Promise<void> {
    const signal = this.lifetime.signal;
    let lastError = '';
    let attempts = 0;
    for (let attempt = 1; attempt <= this.settings.maxAttempts; attempt += 1) {
      const headers = {
        'content-type': payload.contentType,
        'aeg-event-type': 'Notification',
        'aeg-subscription-name': subscription.name.toUpperCase(), // Event Grid sends the name upper-cased
        'aeg-delivery-count': String(attempt - 1),
        'aeg-metadata-version': '1',
      };
      let status: number | undefined;
      attempts = attempt;
      try {
        status = await post(subscription.endpoint, payload.body, headers, this.settings.timeoutMs, signal, this.ca);
        lastError = `HTTP ${status}`;
      } catch (error) {
        if (signal.aborted) return; // estate closing: drop quietly
        lastError = error instanceof Error ? error.message : String(error);
      }
      const delivered = status !== undefined && status >= 200 && status < 300;
      this.record({
        at: new Date().toISOString(),
        subscription: subscription.name,
        eventId: payload.event.id,
        attempt,
        delivered,
        ...(status === undefined ? { error: lastError } : { status }),
      });
      if (delivered) return;
      if (status !== undefined && NOT_RETRIED.has(status)) break;
      if (attempt < this.settings.maxAttempts && !(await sleep(this.settings.baseDelayMs * 2 ** (attempt - 1), signal))) return;
    }
    this.dead.push({
      deadLetteredAt: new Date().toISOString(),
      subscription: subscription.name,
      endpoint: subscription.endpoint,
      eventId: payload.event.id,
      event: payload.event.event,
      attempts,
      lastError,
    });
    this.log?.(`event grid: dead-lettered ${payload.event.id} for ${subscription.name}: ${lastError}`);
  }

  private record(attempt: DeliveryAttempt): void {
    this.attemptLog.push(attempt);
    if (this.attemptLog.length > KEEP_ATTEMPTS) this.attemptLog.shift();
  }
}

/** One POST; resolves with the status code (the response body is drained and ignored). */
function post(
  endpoint: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal,
  ca: string | undefined,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(endpoint);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    // The estate's own CA is added to the public ones so subscriptions may point back at estate URLs.
    const tls = ca === undefined ? {} : { ca: [...rootCertificates, ca] };
    const options = {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      timeout: timeoutMs,
      signal,
      ...tls,
    };
    const req = send(url, options, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no response within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
