// What RpoMonitor reads each tick (RpoReporter.run() and BlobSourceChecker.run(), already judged): verdicts the test
// sets per instance. The judging itself (rpo.ts, rpoTarget.ts) has its own unit tests; the monitor is about what it
// does with a change of verdict.
import type { BlobSourceReport } from '../../../shared/usecases/rpo/blobSources.js';
import type { FleetReport } from '../../../shared/usecases/rpo/rpoMonitorEvents.js';
import { FailNext } from './failures.js';
import { instanceId } from './jobs.js';

type FleetInstance = FleetReport['instances'][number];
type Verdict = FleetInstance['verdict'];

export class MemoryFleet {
  private readonly byName = new Map<string, FleetInstance>();
  warnings: string[] = [];
  readonly failures = new FailNext();

  /** Sets an instance's verdict with a newest recovery point (its fact: the event id is keyed on it). */
  set(name: string, verdict: Verdict, latestRecoveryPoint: string | null, ageSeconds: number | null = null): this {
    this.byName.set(name, {
      id: instanceId(name),
      name,
      vault: 'bv-weu',
      cluster: `aks-${name}`,
      targetRpo: 'PT4H',
      latestRecoveryPoint,
      ageSeconds,
      verdict,
      reason: `test: ${verdict}`,
    });
    return this;
  }

  run(): Promise<FleetReport> {
    return this.failures.settle(() => ({ instances: [...this.byName.values()], warnings: [...this.warnings] }));
  }
}

/** No blob-landed sources: the monitor's blob half is exercised by its adapter test on Azurite. */
export const noBlobSources = { run: (): Promise<readonly BlobSourceReport[]> => Promise.resolve([]) };
