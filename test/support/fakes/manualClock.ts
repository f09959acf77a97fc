// The Clock port, moved only by the test: remediation's budget is per UTC day and claims expire, so time must be
// exact and never cross midnight by accident.
import type { Clock } from '../../../shared/clock.js';

export class ManualClock implements Clock {
  private t: number;

  constructor(start: string | Date) {
    this.t = new Date(start).getTime();
    if (Number.isNaN(this.t)) throw new RangeError(`ManualClock: start is not a date: ${String(start)}`);
  }

  now(): Date {
    return new Date(this.t);
  }

  advance(ms: number): Date {
    this.t += ms;
    return this.now();
  }
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
