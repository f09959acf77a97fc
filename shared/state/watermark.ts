// The watermark protocol of the timer detectors: read the watermark, process the window after it, and only then
// advance it — so a failed publish or a crash leaves it where it was and the next tick redoes the same window (with
// the same event ids). The watermark moves only forward: a tick that lost the race to a later one changes nothing.
import type { Documents } from './documents.js';
import { keep, write, type Snapshot } from './documents.js';

export interface Watermarked {
  /** ISO 8601: everything up to here has been processed. */
  readonly watermark: string;
}

export interface WindowOutcome<T, R> {
  /** The document to store once the window is processed (its watermark is the new one). */
  readonly next: T;
  readonly result: R;
}

/**
 * Runs `process` on the stored document (undefined on the first tick) and stores its `next`. `advanced` is false when
 * a concurrent tick had already moved the watermark as far or further.
 */
export async function advanceWatermark<T extends Watermarked, R>(
  docs: Documents<T>,
  key: string,
  process: (current: T | undefined) => Promise<WindowOutcome<T, R>>,
): Promise<{ readonly result: R; readonly advanced: boolean }> {
  const first: Snapshot<T> | undefined = await docs.read(key);
  const { next, result } = await process(first?.value);
  const to = Date.parse(next.watermark);
  // First round: the document this tick read is still there, so this tick's result is the newest. After a lost race:
  // write only over a watermark that is behind this one.
  const advanced = await docs.update(
    key,
    (current) => (current === first?.value || !current || Date.parse(current.watermark) < to ? write(next, true) : keep(false)),
    { from: { snapshot: first } },
  );
  return { result, advanced };
}
