// `npm run bench:remediation`: a burst of 1,000 JobFailed events (700 distinct failures, 30 % duplicates, shuffled)
// through the Event Grid function remediateBackupFailure on the local host, against a 1,000-instance generated
// estate and Azurite. Checks re-runs == distinct failures (the estate's on-demand jobs are the ground truth) and
// reports the handler's own overhead per event: wall time minus the time its HTTP calls were in flight (the
// simulated Azure and the storage emulator), p50/p99. Ends with one line:
// `bench remediation: events=<n> distinct=<n> reruns=<n> p50_ms=<x> p99_ms=<y>`.
// The npm script runs Node with a 64 MB young generation: the simulated estate and Azurite share this process and
// churn through garbage (a Resource Graph scan builds every job row), and with the default semi-space their scavenges
// land in the handler's measured time (p99 ≈ 27–43 ms instead of ≈ 13 ms). A Functions worker runs only the app.
import { randomUUID } from 'node:crypto';
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { startLocalStack } from '../sandbox/localStack.js';
import type { InstanceState } from '../sandbox/estate/model/types.js';
import { buildEvent } from '../shared/events/cloudEvent.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1000);
const DUPLICATE_SHARE = 0.3;
const distinct = Math.round(EVENTS * (1 - DUPLICATE_SHARE));

const outcomes = new Map<string, number>();
const skipped: string[] = [];
const stack = await startLocalStack({
  port: 0,
  timers: 'manual',
  throttle: false,
  // 1,000 healthy instances (10 vaults, generated like bench.json): one failure each, so no budget or in-flight job
  // gets in the way of "re-runs == distinct failures"; a smaller fleet than bench.json keeps the simulator's own
  // Resource Graph scans (in this process) from dominating the run.
  scenario: {
    name: 'bench-remediation',
    subscriptions: [{ id: '5a7e2c91-3b4d-4f68-8e1a-9c2d7b6f0e35', name: 'contoso-bench' }],
    generate: { vaults: 10, instancesPerVault: 100, mix: { healthy: 1, failing: 0, suspended: 0, neverBackedUp: 0 }, seed: 42 },
  },
  // Outcomes the handler logged, counted (anything but triggered or a duplicate's answer is worth a look).
  log: (entry) => {
    const outcome = /"outcome":\s*"(\w+)"|outcome: '(\w+)'/.exec(entry.message);
    const key = outcome?.[1] ?? outcome?.[2];
    if (entry.category === 'function' && key) outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    if (entry.category === 'function' && (key === 'skipped' || key === 'duplicate'))
      skipped.push(/reason: (.*)/.exec(entry.message)?.[1] ?? entry.message);
  },
  // LRO polls sleep this long between checks: simulated service time, kept short so the burst measures the handler.
  settings: { REMEDIATION_LRO_POLL_MS: '1', HTTP_RETRY_DELAY_MS: '5' },
});
try {
  const model = stack.estate!.model;
  // The simulated service finishes an on-demand backup operation at the first poll (its own time is not the handler's).
  stack.estate!.control.operations.pollsBeforeDone = 0;
  const now = model.nowMs();
  // Instances that can take a re-run now: protected, nothing running, no scheduled job around the burst.
  const quiet = (i: InstanceState): boolean => {
    const { anchor, intervalMs } = i.policy;
    const nextSlot = anchor + Math.ceil((now - anchor) / intervalMs) * intervalMs;
    // A slot's job starts up to 150 s after it and runs minutes: keep clear of the last slot's job as well.
    const clear = nextSlot - now > 1_800_000 && now - (nextSlot - intervalMs) > 900_000;
    return model.protection(i).currentProtectionState === 'ProtectionConfigured' && !model.history.running(i, now) && clear;
  };
  const targets = model.instances().filter(quiet).slice(0, distinct);
  if (targets.length < distinct) throw new Error(`only ${targets.length} quiet instances for ${distinct} failures`);
  const failures = targets.map((i) =>
    buildEvent('Autopilot.Backup.JobFailed', {
      subject: i.id,
      time: new Date(now),
      factKey: randomUUID(),
      data: {
        name: i.name,
        vault: i.vault.name,
        cluster: i.cluster.name,
        jobId: `${i.vault.id}/backupJobs/${randomUUID()}`,
        operation: 'Backup',
        trigger: 'scheduled',
        status: 'Failed',
        startTime: new Date(now - 60_000).toISOString(),
        endTime: new Date(now).toISOString(),
        errorCode: 'UserErrorKubernetesApiServerUnreachable',
        errorMessage: 'The backup extension could not reach the cluster API server (timeout).',
        isRetryable: true,
        isUserError: true,
        detector: 'resource-graph',
      },
    }),
  );
  const burst = [...failures, ...Array.from({ length: EVENTS - distinct }, (_, k) => failures[(k * 7919) % distinct]!)];
  shuffle(burst);

  const calls: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => calls.push(...list.getEntries().filter((e) => e.name === 'HttpClient')));
  observer.observe({ entryTypes: ['http'] });
  // Warm-up (cold start: clients, token, container) on a duplicate, not counted.
  await stack.host.runFunction('remediateBackupFailure', burst[0]);
  const overhead: number[] = [];
  const started = performance.now();
  for (const event of burst) {
    const t0 = performance.now();
    await stack.host.runFunction('remediateBackupFailure', event);
    const t1 = performance.now();
    await new Promise((resolve) => setImmediate(resolve)); // let the observer deliver this event's entries
    overhead.push(Math.max(0, t1 - t0 - inFlight(calls, t0, t1)));
  }
  const wall = (performance.now() - started) / 1000;
  observer.disconnect();

  const reruns = targets.reduce((n, i) => n + i.manualJobs.filter((j) => j.kind === 'adhoc').length, 0);
  overhead.sort((a, b) => a - b);
  const pct = (p: number): number => overhead[Math.min(overhead.length - 1, Math.ceil((p / 100) * overhead.length) - 1)] ?? 0;
  console.log(`remediation burst: ${EVENTS} events (${distinct} distinct) in ${wall.toFixed(1)} s; ${calls.length} HTTP calls`);
  console.log(`handler outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}`);
  if (reruns !== distinct) console.log(`MISMATCH: ${reruns} re-runs for ${distinct} distinct failures`, skipped.slice(0, 5));
  console.log(
    `bench remediation: events=${EVENTS} distinct=${distinct} reruns=${reruns} p50_ms=${pct(50).toFixed(2)} p99_ms=${pct(99).toFixed(2)}`,
  );
  if (reruns !== distinct) process.exitCode = 1;
} finally {
  await stack.close();
}

/** Milliseconds of [t0, t1] during which at least one HTTP call was in flight (overlaps counted once). */
function inFlight(entries: readonly PerformanceEntry[], t0: number, t1: number): number {
  const spans = entries
    .map((e) => [Math.max(t0, e.startTime), Math.min(t1, e.startTime + e.duration)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = t0;
  for (const [a, b] of spans) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

function shuffle<T>(items: T[]): void {
  let seed = 42;
  for (let i = items.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
