// Simulated network + service time, so clients see realistic round trips (and timeouts/concurrency matter).
import type { ServiceName } from './types.js';

export interface LatencySettings {
  readonly defaultMs: number;
  readonly services: Readonly<Partial<Record<ServiceName, number>>>;
}

export class LatencyControl {
  private defaultMs: number;
  private services: Partial<Record<ServiceName, number>> = {};

  constructor(defaultMs = 0) {
    this.defaultMs = checkMs(defaultMs);
  }

  /** Set the default (when `service` is omitted) or one service's latency. */
  set(ms: number, service?: ServiceName): void {
    if (service === undefined) this.defaultMs = checkMs(ms);
    else this.services[service] = checkMs(ms);
  }

  reset(defaultMs = 0): void {
    this.defaultMs = checkMs(defaultMs);
    this.services = {};
  }

  /**
   * Delay for one request. The control API is the estate's own knob, not an Azure service, so it only
   * gets a delay when one was set for 'control' explicitly.
   */
  for(service: ServiceName | undefined): number {
    if (service !== undefined && this.services[service] !== undefined) return this.services[service];
    return service === 'control' ? 0 : this.defaultMs;
  }

  settings(): LatencySettings {
    return { defaultMs: this.defaultMs, services: { ...this.services } };
  }
}

function checkMs(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`latency must be a non-negative number of ms, got ${ms}`);
  return ms;
}
