// Load: 200 concurrent GET /api/rpo against the local stack. Every request must be answered 200 with the whole
// fleet; the latency percentiles are printed, never asserted (speed is measured by the benchmarks, not by timed
// assertions). ARM throttling is off: 200 concurrent fleet checks are ~1,200 reads, past the per-principal read budget
// Azure (and the estate) allows, and what the app answers then is the upstream-failure path, not this test's subject.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../sandbox/localStack.js';
import type { RpoReport } from '../../shared/usecases/rpo/rpoReport.js';

const CONCURRENT = 200;

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ port: 0, timers: 'manual', throttle: false, log: () => undefined });
});
afterAll(() => stack?.close());

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

it(`answers ${CONCURRENT} concurrent GET /api/rpo, every one with the whole fleet`, async () => {
  const expected = ((await (await fetch(`${stack.url}/api/rpo`)).json()) as RpoReport).summary.total;
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: CONCURRENT }, async () => {
      const t0 = performance.now();
      const res = await fetch(`${stack.url}/api/rpo`);
      const body = (await res.json()) as RpoReport;
      return { status: res.status, total: body.summary?.total, ms: performance.now() - t0 };
    }),
  );
  const wall = performance.now() - started;
  const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
  console.log(
    `load /api/rpo: requests=${CONCURRENT} ok=${answers.filter((a) => a.status === 200).length} ` +
      `p50_ms=${percentile(ms, 50).toFixed(0)} p99_ms=${percentile(ms, 99).toFixed(0)} max_ms=${percentile(ms, 100).toFixed(0)} wall_ms=${wall.toFixed(0)}`,
  );
  expect(answers.map((a) => a.status)).toEqual(Array.from({ length: CONCURRENT }, () => 200));
  expect(answers.every((a) => a.total === expected)).toBe(true);
}, 120_000);
