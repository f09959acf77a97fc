// Load: 200 concurrent GET /api/rpo against the local stack. Every request must be answered 200 with the whole
// fleet; the latency percentiles are printed, never asserted (speed is measured by the benchmarks, not by timed
// assertions). ARM throttling is on, as in Azure: concurrent identical questions share one fleet check
// (shared/usecases/rpo/rpoOverview.ts), so the burst costs the ARM reads of one check, not 200 (~1,200 reads, past the
// per-principal read budget), which the test also checks on the estate's request log.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../sandbox/localStack.js';
import type { RpoReport } from '../../shared/usecases/rpo/rpoReport.js';

const CONCURRENT = 200;

let stack: LocalStack;
beforeAll(async () => {
  // The reuse window of a deployment (npm start answers every call afresh instead).
  stack = await startLocalStack({ port: 0, timers: 'manual', log: () => undefined, settings: { RPO_HTTP_CACHE_SECONDS: '30' } });
});
afterAll(() => stack?.close());

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

it(`answers ${CONCURRENT} concurrent GET /api/rpo, every one with the whole fleet`, async () => {
  // A cold burst: nothing cached yet.
  const expected = stack.estate!.model.instances().length;
  const armBefore = stack.estate!.control.requests.entries((r) => r.service === 'arm' || r.service === 'resourceGraph').length;
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: CONCURRENT }, async () => {
      const t0 = performance.now();
      const res = await fetch(`${stack.url}/api/rpo`);
      const body = (await res.json()) as RpoReport;
      return { status: res.status, total: body.summary?.total, armCalls: body.armCalls, ms: performance.now() - t0 };
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
  const armCalls = stack.estate!.control.requests.entries((r) => r.service === 'arm' || r.service === 'resourceGraph').length - armBefore;
  // Every answer is the one shared check's, ARM calls and all.
  const oneCheck = Math.max(...answers.map((a) => a.armCalls));
  console.log(`load /api/rpo: ARM and Resource Graph requests for the burst: ${armCalls} (one check: ${oneCheck})`);
  expect(armCalls).toBeLessThanOrEqual(oneCheck * 2);
}, 120_000);
