// Applies a streamed plan: changes are gathered per action into batches of at most 256 and written as each fills,
// so a plan of any size is applied in constant memory. `mode: 'plan'` writes nothing and only counts. Each blob's
// result is kept in the tally; failures are listed (capped) with their codes.
import { PlanTally } from '../../domain/tiering/cost.js';
import type { TierDecision } from '../../domain/tiering/plan.js';
import type { BlobLocation } from '../ports.js';
import type { BlobTierWriter, TierChange } from './tieringPorts.js';

export const BATCH_SIZE = 256;
const MAX_LISTED_FAILURES = 50;

export interface ApplyReport {
  readonly tally: PlanTally;
  readonly requests: number;
  readonly applied: number;
  readonly failed: number;
  readonly failures: readonly { readonly name: string; readonly status: number; readonly code?: string | undefined }[];
}

export async function applyPlan(
  decisions: AsyncIterable<TierDecision>,
  writer: BlobTierWriter,
  location: BlobLocation,
  mode: 'plan' | 'apply',
): Promise<ApplyReport> {
  const tally = new PlanTally();
  const pending = new Map<string, TierChange[]>();
  const report = { requests: 0, applied: 0, failed: 0, failures: [] as { name: string; status: number; code?: string | undefined }[] };
  const flush = async (key: string): Promise<void> => {
    const batch = pending.get(key);
    if (!batch || batch.length === 0) return;
    pending.delete(key);
    report.requests += 1;
    for (const r of await writer.apply(location, batch)) {
      if (r.ok) report.applied += 1;
      else {
        report.failed += 1;
        if (report.failures.length < MAX_LISTED_FAILURES) report.failures.push({ name: r.name, status: r.status, code: r.code });
      }
    }
  };
  for await (const d of decisions) {
    tally.add(d);
    if (mode === 'plan' || d.action.kind === 'keep') continue;
    const key = d.action.kind === 'delete' ? 'delete' : d.action.to;
    const batch = pending.get(key) ?? [];
    batch.push({ name: d.name, action: d.action });
    pending.set(key, batch);
    if (batch.length >= BATCH_SIZE) await flush(key);
  }
  for (const key of [...pending.keys()]) await flush(key);
  return { tally, ...report };
}
