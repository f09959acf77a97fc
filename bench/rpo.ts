// `npm run bench:rpo`: the fleet RPO check against the 5,000-instance benchmark estate (50 vaults, 40 ms per call,
// ARM throttling on), next to a naive per-instance scan, in one run. Both use the app's real clients through the
// composition root. Options: --naive=full (scan every instance; ~10 min) or --naive=<n> (sample size, default 500);
// --latency=<ms>. Ends with one line: `bench rpo: instances=… wall_s=… naive_wall_s=… speedup=… arm_calls=… naive_arm_calls=…`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEstate } from '../sandbox/estate/index.js';
import { buildServices } from '../shared/composition.js';
import { parseConfig } from '../shared/config/index.js';
import { parseDuration } from '../shared/domain/duration.js';
import type { RpoReport } from '../shared/usecases/rpo/rpoReport.js';
import { naiveScan } from './naiveScan.js';

const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? process.env[`BENCH_${name.toUpperCase()}`];
const naiveArg = arg('naive') ?? '500';
const sample = naiveArg === 'full' ? undefined : Number(naiveArg);
const latencyMs = Number(arg('latency') ?? 40);
if ((sample !== undefined && !(sample > 0)) || !(latencyMs >= 0))
  throw new Error('usage: bench/rpo.js [--naive=full|<n>] [--latency=<ms>]');

const scenario = join(process.cwd(), 'sandbox', 'scenarios', 'bench.json');
const estate = await startEstate({ scenario, latencyMs, throttle: true });
const dir = mkdtempSync(join(tmpdir(), 'bench-rpo-'));
try {
  writeFileSync(join(dir, 'ca.pem'), estate.ca);
  const config = parseConfig({
    ...process.env,
    AZURE_AUTH_MODE: 'localDev',
    AZURE_SUBSCRIPTION_IDS: estate.model.subscriptions.map((s) => s.id).join(','),
    ARM_ENDPOINT: estate.endpoints.resourceManager,
    EXTRA_CA_CERT_FILE: join(dir, 'ca.pem'),
  });
  const app = buildServices(config, { clock: { now: () => estate.model.clock.now() } });

  // The simulator derives each instance's job history lazily; build it now so that neither side pays for it.
  for (const vault of estate.model.vaults()) estate.model.jobs(vault);

  const started = performance.now();
  const report = await app.rpoReporter.run();
  const wall = (performance.now() - started) / 1000;
  printCheck(report, wall, config.rpo.atRiskShare, config.rpo.confirmMarginMs);
  const throttledCheck = estate.control.requests.summary().throttled;

  // A fresh token bucket, as if the naive script ran on its own.
  estate.control.throttle.reset();
  estate.control.resetRequests();
  const naive = await naiveScan(app.dataProtection, config.subscriptionIds, () => app.armCalls(), sample);
  const how =
    naive.scanned === naive.instances
      ? 'every instance scanned'
      : `recovery points read for a random sample of ${naive.scanned} of ${naive.instances} instances, EXTRAPOLATED to all`;
  console.log(
    `naive scan: listing ${naive.listSeconds.toFixed(1)} s / ${naive.listCalls} calls; recovery points ${naive.scanSeconds.toFixed(1)} s / ` +
      `${naive.scanCalls} calls (${how}) → ${naive.wallSeconds.toFixed(1)} s, ${naive.armCalls} calls for the fleet`,
  );
  const throttledNaive = estate.control.requests.summary().throttled;
  console.log(
    `estate: ${latencyMs} ms per call, ARM throttle model on; 429s answered: check ${throttledCheck}, naive scan ${throttledNaive}`,
  );
  console.log(
    `bench rpo: instances=${report.summary.total} wall_s=${wall.toFixed(2)} naive_wall_s=${naive.wallSeconds.toFixed(1)} ` +
      `speedup=${(naive.wallSeconds / wall).toFixed(1)} arm_calls=${report.armCalls} naive_arm_calls=${naive.armCalls}`,
  );
} finally {
  await estate.close();
  rmSync(dir, { recursive: true, force: true });
}

function printCheck(report: RpoReport, wall: number, atRiskShare: number, marginMs: number): void {
  const s = report.summary;
  const confirmed = report.instances.filter((i) => i.evidence === 'recovery-points').length;
  // What "confirm everything near or over target" would have cost: one read or more for each of these.
  const nearOrOver = report.instances.filter((i) => {
    const target = i.targetRpo === null ? undefined : parseDuration(i.targetRpo);
    return target !== undefined && i.ageSeconds !== null && i.ageSeconds * 1000 >= atRiskShare * target - marginMs;
  }).length;
  const sources = countBy(report.instances.map((i) => i.targetSource));
  console.log(
    `rpo check: ${s.total} instances in ${wall.toFixed(2)} s, ${report.armCalls} ARM calls — ok ${s.ok}, at-risk ${s.atRisk}, ` +
      `breached ${s.breached}, unknown ${s.unknown}; targets ${JSON.stringify(sources)}`,
  );
  console.log(
    `rpo check: ${confirmed} verdicts confirmed from recovery points, ${s.total - confirmed} settled by Resource Graph; ` +
      `${nearOrOver} instances are near or over target${report.warnings.length ? `; warnings: ${report.warnings.join(' | ')}` : ''}`,
  );
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
