// The baseline the RPO check is measured against: what a script with only the DataProtection API does — list vaults,
// list their backup instances, then read every recovery point of every instance, one call after another.
import type { DataProtectionClient } from '../shared/adapters/dataProtection/client.js';

export interface NaiveResult {
  readonly instances: number;
  /** Instances whose recovery points were actually read (all of them, or a sample). */
  readonly scanned: number;
  readonly listSeconds: number;
  readonly listCalls: number;
  readonly scanSeconds: number;
  readonly scanCalls: number;
  /** Whole-fleet figures: measured when every instance was scanned, else extrapolated from the sample. */
  readonly wallSeconds: number;
  readonly armCalls: number;
}

export async function naiveScan(
  client: DataProtectionClient,
  subscriptionIds: readonly string[],
  calls: () => number,
  sample: number | undefined,
  seed = 7,
): Promise<NaiveResult> {
  const started = performance.now();
  const callsAtStart = calls();
  const instanceIds: string[] = [];
  for (const sub of subscriptionIds) {
    for await (const vault of client.listVaults(sub)) {
      for await (const bi of client.listBackupInstances(vault.id)) instanceIds.push(bi.id);
    }
  }
  const listSeconds = (performance.now() - started) / 1000;
  const listCalls = calls() - callsAtStart;

  const chosen = sample === undefined || sample >= instanceIds.length ? instanceIds : pickSample(instanceIds, sample, seed);
  const scanStarted = performance.now();
  const scanCallsAtStart = calls();
  for (const id of chosen) {
    let newest = 0;
    for await (const rp of client.listRecoveryPoints(id)) newest = Math.max(newest, Date.parse(rp.properties.recoveryPointTime ?? '') || 0);
    void newest; // the naive script would judge here; the reads are what it costs
  }
  const scanSeconds = (performance.now() - scanStarted) / 1000;
  const scanCalls = calls() - scanCallsAtStart;
  const scale = chosen.length === 0 ? 1 : instanceIds.length / chosen.length;
  return {
    instances: instanceIds.length,
    scanned: chosen.length,
    listSeconds,
    listCalls,
    scanSeconds,
    scanCalls,
    wallSeconds: listSeconds + scanSeconds * scale,
    armCalls: Math.round(listCalls + scanCalls * scale),
  };
}

/** A seeded random sample (Fisher–Yates prefix), so two runs scan the same instances. */
function pickSample<T>(items: readonly T[], size: number, seed: number): T[] {
  const copy = [...items];
  let state = seed >>> 0 || 1;
  const random = (): number => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, size);
}
