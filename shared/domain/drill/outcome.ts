// What a transition means to the outside world: the drill events it announces. Derived from the record before and
// after, so a re-applied transition (a tick repeated after a crash) announces the same events with the same ids
// and consumers deduplicate them.
import { judgeRto } from './rto.js';
import type { DrillRecord } from './record.js';

export type DrillEventKind = 'DrillStarted' | 'Validated' | 'ValidationFailed' | 'RtoExceeded' | 'CleanupFailed';

export interface DrillEventFact {
  readonly kind: DrillEventKind;
  /** Stable: drill id + kind (one of each per drill). */
  readonly key: string;
}

export function drillEvents(before: DrillRecord, after: DrillRecord): DrillEventFact[] {
  const kinds: DrillEventKind[] = [];
  if (before.stage === 'due' && after.stage !== 'due' && after.stage !== 'failed') kinds.push('DrillStarted');
  const finishedNow = after.stage !== before.stage && (after.stage === 'passed' || after.stage === 'failed');
  if (finishedNow && after.stage === 'passed') {
    kinds.push('Validated');
    if (rtoVerdict(after) === 'exceeded') kinds.push('RtoExceeded');
  }
  if (finishedNow && after.stage === 'failed') kinds.push('ValidationFailed');
  if (after.cleanup?.status === 'failed' && before.cleanup?.status !== 'failed') kinds.push('CleanupFailed');
  return kinds.map((kind) => ({ kind, key: `${after.id}/${kind}` }));
}

export function rtoVerdict(r: DrillRecord): 'met' | 'exceeded' | 'not-judged' | undefined {
  if (r.rtoMs === undefined) return undefined;
  return judgeRto(r.rtoMs, { ms: r.rtoTargetMs, source: 'default', detail: '' });
}

/** The stage times of a finished drill, for the evidence: where the RTO went. */
export function stageDurations(r: DrillRecord): Readonly<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [stage, t] of Object.entries(r.stages)) {
    if (t?.endedAt) out[stage] = Date.parse(t.endedAt) - Date.parse(t.startedAt);
  }
  const trigger = r.restoreTriggeredAt ? Date.parse(r.restoreTriggeredAt) : undefined;
  const mark = (name: string, iso: string | undefined): void => {
    if (trigger !== undefined && iso) out[name] = Date.parse(iso) - trigger;
  };
  mark('restoreJob', r.restoreJobEndedAt);
  mark('pvcsBound', r.pvcsBoundAt);
  mark('podsReady', r.podsReadyAt);
  mark('verified', r.verifiedAt);
  return out;
}
