// A delay that close() can cut short, so held requests and latency never keep the process alive.
import { setTimeout as delay } from 'node:timers/promises';

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
export async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return !signal.aborted;
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
