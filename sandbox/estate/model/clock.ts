// The estate's single source of "now". It starts at a chosen instant and runs at wall speed, so a local run feels
// live; tests and demos jump it forward with `advance`/`set`. It never goes back: derived history (jobs, recovery
// points, log rows) is a function of the clock, and time travel backwards would rewrite what callers already saw.
import { fixedMs } from './time.js';

export interface ClockOptions {
  /** Instant the simulated clock shows at creation. */
  readonly startAt: Date;
  /** Stop the clock from following wall time (tests that assert exact instants). Default false. */
  readonly frozen?: boolean;
  /** Wall-time source, for tests of the clock itself. */
  readonly wall?: () => number;
}

export class SimClock {
  /** Instant the clock showed when the estate started; relative scenario times are measured from it. */
  readonly startedAt: Date;
  private readonly wall: () => number;
  private readonly wallAtStart: number;
  private readonly frozen: boolean;
  private offsetMs = 0;

  constructor(options: ClockOptions) {
    this.startedAt = new Date(options.startAt.getTime());
    this.wall = options.wall ?? Date.now;
    this.wallAtStart = this.wall();
    this.frozen = options.frozen ?? false;
  }

  nowMs(): number {
    const elapsed = this.frozen ? 0 : this.wall() - this.wallAtStart;
    return this.startedAt.getTime() + elapsed + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** Jumps forward by ms or an ISO 8601 duration ('PT1H', 'P1D'); returns the new now. */
  advance(by: number | string): Date {
    const ms = typeof by === 'number' ? by : fixedMs(by);
    if (ms === undefined || !Number.isFinite(ms))
      throw new RangeError(`cannot advance the clock by '${String(by)}': not a fixed-length ISO 8601 duration`);
    if (ms < 0) throw new RangeError(`the clock only moves forward (asked to advance by ${String(by)})`);
    this.offsetMs += ms;
    return this.now();
  }

  /** Jumps to an instant at or after now. */
  set(date: Date): Date {
    const delta = date.getTime() - this.nowMs();
    if (Number.isNaN(delta)) throw new RangeError('cannot set the clock to an invalid date');
    if (delta < 0) throw new RangeError(`the clock only moves forward: ${date.toISOString()} is before ${this.now().toISOString()}`);
    this.offsetMs += delta;
    return this.now();
  }
}

/** Wall-clock now truncated to the second: a default start that still reads cleanly in ids and logs. */
export const defaultStart = (): Date => new Date(Math.floor(Date.now() / 1000) * 1000);
