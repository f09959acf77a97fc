// From verdicts (fleet report + blob sources) to observations, and from a recorded change to its CloudEvent.
import type { SubjectChange } from '../../domain/rpo/rpoHistory.js';
import { buildEvent, type AutopilotCloudEvent } from '../../events/cloudEvent.js';
import type { EventData } from '../../events/catalog.js';
import type { BlobSourceReport } from './blobSources.js';
import type { RpoInstanceReport } from './rpoReport.js';

/** What the monitor needs from the fleet check (RpoReporter.run() returns it). */
export interface FleetReport {
  readonly instances: readonly Pick<
    RpoInstanceReport,
    'id' | 'name' | 'vault' | 'cluster' | 'targetRpo' | 'latestRecoveryPoint' | 'ageSeconds' | 'verdict' | 'reason'
  >[];
  /** Why the check took a slower path for part of the fleet (e.g. Resource Graph disagreed), if it did. */
  readonly warnings?: readonly string[];
}

export interface Observed {
  readonly subject: string;
  readonly verdict: RpoInstanceReport['verdict'];
  readonly reason: string;
  readonly targetRpo: string | null;
  readonly latestRecoveryPoint: string | null;
  readonly ageSeconds: number | null;
  readonly kind: 'backupInstance' | 'blobSource';
  readonly name: string;
  readonly vault: string | null;
  readonly cluster: string | null;
}

export function toObservations(fleet: FleetReport, blobs: readonly BlobSourceReport[]): Observed[] {
  return [
    ...fleet.instances.map((i) => ({
      subject: i.id,
      verdict: i.verdict,
      reason: i.reason,
      targetRpo: i.targetRpo,
      latestRecoveryPoint: i.latestRecoveryPoint,
      ageSeconds: i.ageSeconds,
      kind: 'backupInstance' as const,
      name: i.name,
      vault: i.vault,
      cluster: i.cluster,
    })),
    ...blobs.map((b) => ({
      subject: b.id,
      verdict: b.verdict,
      reason: b.reason,
      targetRpo: b.targetRpo,
      latestRecoveryPoint: b.latestRecoveryPoint,
      ageSeconds: b.ageSeconds,
      kind: 'blobSource' as const,
      name: b.name,
      vault: null,
      cluster: b.location,
    })),
  ];
}

/**
 * The event of one change. Its id is keyed on the newest restorable point the verdict is about (the fact), or on
 * the tick's time when there is none: recomputing the same change always yields the same event.
 */
export function rpoEvent(change: SubjectChange, o: Observed, now: Date): AutopilotCloudEvent {
  const common = {
    previousVerdict: change.previous,
    reason: o.reason,
    targetRpo: o.targetRpo,
    latestRecoveryPoint: o.latestRecoveryPoint,
    ageSeconds: o.ageSeconds,
    kind: o.kind,
    name: o.name,
    vault: o.vault,
    cluster: o.cluster,
  };
  const fact = { subject: o.subject, time: now, factKey: o.latestRecoveryPoint ?? now.toISOString() };
  switch (change.change) {
    case 'breached':
      return buildEvent('Autopilot.Rpo.Breached', {
        ...fact,
        data: { ...common, verdict: 'breached' } satisfies EventData<'Autopilot.Rpo.Breached'>,
      });
    case 'at-risk':
      return buildEvent('Autopilot.Rpo.AtRisk', { ...fact, data: { ...common, verdict: 'at-risk' } });
    case 'recovered':
      return buildEvent('Autopilot.Rpo.Recovered', { ...fact, data: { ...common, verdict: 'ok' } });
  }
}
