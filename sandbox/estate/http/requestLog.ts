// Every request the estate answered, for assertions and benchmarks ("how many ARM calls did a sweep cost?").
import type { FaultKind } from './faults.js';
import type { RequestKind, ServiceName } from './types.js';

export interface LoggedRequest {
  /** Epoch ms when the request arrived. */
  readonly at: number;
  readonly method: string;
  /** Undefined for requests no route matched. */
  readonly service: ServiceName | undefined;
  readonly path: string;
  /** Raw query string without the leading '?'. */
  readonly query: string;
  readonly principal: string | undefined;
  /** HTTP status sent; 0 when the connection was dropped (timeout/reset faults). */
  readonly status: number;
  readonly kind: RequestKind;
  /** The injected fault that decided the answer, if any. */
  readonly fault?: FaultKind;
  /** 429 produced by the ARM throttle model (not by a fault). */
  readonly throttled?: boolean;
}

export interface RequestSummary {
  readonly total: number;
  readonly byService: Readonly<Record<string, number>>;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly throttled: number;
  readonly faulted: number;
}

/** Ring buffer: the newest `capacity` requests are kept; counters cover everything since the last reset. */
export class RequestLog {
  private readonly buffer: LoggedRequest[] = [];
  private next = 0;
  private counts = emptyCounts();

  constructor(private readonly capacity = 100_000) {}

  record(entry: LoggedRequest): void {
    if (this.buffer.length < this.capacity) this.buffer.push(entry);
    else this.buffer[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    const service = entry.service ?? 'unmatched';
    this.counts.total += 1;
    this.counts.byService[service] = (this.counts.byService[service] ?? 0) + 1;
    this.counts.byStatus[entry.status] = (this.counts.byStatus[entry.status] ?? 0) + 1;
    if (entry.throttled === true) this.counts.throttled += 1;
    if (entry.fault !== undefined) this.counts.faulted += 1;
  }

  /** Oldest first, optionally filtered. */
  entries(filter?: (entry: LoggedRequest) => boolean): LoggedRequest[] {
    const ordered =
      this.buffer.length < this.capacity ? [...this.buffer] : [...this.buffer.slice(this.next), ...this.buffer.slice(0, this.next)];
    return filter === undefined ? ordered : ordered.filter(filter);
  }

  count(service?: ServiceName): number {
    return service === undefined ? this.counts.total : (this.counts.byService[service] ?? 0);
  }

  summary(): RequestSummary {
    return { ...this.counts, byService: { ...this.counts.byService }, byStatus: { ...this.counts.byStatus } };
  }

  reset(): void {
    this.buffer.length = 0;
    this.next = 0;
    this.counts = emptyCounts();
  }
}

function emptyCounts(): {
  total: number;
  byService: Record<string, number>;
  byStatus: Record<string, number>;
  throttled: number;
  faulted: number;
} {
  return { total: 0, byService: {}, byStatus: {}, throttled: 0, faulted: 0 };
}
