// The once-per-run cross-check of Resource Graph against the DataProtection API (shared/domain/graphCrossCheck.ts),
// shared by the RPO fleet check and the job feeds of the detectors.
import { crossCheckGraph, type CensusView, type GraphCrossCheck } from '../../domain/graphCrossCheck.js';
import type { SubscriptionCensus } from '../ports.js';
import { briefError } from './rpoJudge.js';

export function checkGraph(graphInstanceIds: readonly string[], census: readonly SubscriptionCensus[], fallback: string): GraphCrossCheck {
  return crossCheckGraph(graphInstanceIds, census.map(toView), fallback);
}

function toView(s: SubscriptionCensus): CensusView {
  if (s.error !== undefined) return { subscriptionId: s.subscriptionId, error: briefError(s.error) };
  return {
    subscriptionId: s.subscriptionId,
    vaults: s.vaults.map((v) =>
      v.error !== undefined
        ? { id: v.id, name: v.name, error: briefError(v.error) }
        : { id: v.id, name: v.name, instanceIds: v.instances.map((i) => i.id) },
    ),
  };
}

/** Whether every subscription and vault could be listed, so the census is the whole watched estate. */
export const censusComplete = (census: readonly SubscriptionCensus[]): boolean =>
  census.every((s) => s.error === undefined && s.vaults.every((v) => v.error === undefined));
