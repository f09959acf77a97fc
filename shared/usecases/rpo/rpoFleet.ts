// The fleet fast path: judge every instance from one Resource Graph snapshot, then read recovery points only for the
// instances whose verdict the snapshot cannot settle (see shared/domain/rpo/rpoEvidence.ts). Policies Resource Graph
// does not hold are read from the DataProtection API, once each. The snapshot is cross-checked against the
// DataProtection API's own list of vaults and instances (shared/domain/graphCrossCheck.ts): every vault where the two
// disagree is judged from the DataProtection API instead, and the result says so.
import type { Clock } from '../../clock.js';
import { resourceName } from '../../domain/armId.js';
import { isProtectionActive } from '../../domain/rpo/rpo.js';
import { confirmationNeeded, fastPoint } from '../../domain/rpo/rpoEvidence.js';
import type { ScheduleFact } from '../../domain/rpo/rpoTarget.js';
import { mapPool } from '../../util/pool.js';
import type { BackupInventory, FleetInstanceFact, FleetReader, FleetSnapshot, InstanceFact } from '../ports.js';
import { checkGraph } from './graphCheck.js';
import { judgeDirect, type CheckResult } from './rpoDirect.js';
import {
  briefError,
  describeError,
  judgeInstance,
  newestFromRecoveryPoints,
  reportLine,
  targetOf,
  type RpoInstanceReport,
  type RpoSettings,
} from './rpoJudge.js';

interface PolicyFacts {
  readonly schedule: ScheduleFact | undefined;
  readonly error?: string;
}

const FROM_GRAPH = 'newest completed backup job in Resource Graph';

export async function fleetCheck(
  fleet: FleetReader,
  inventory: BackupInventory,
  select: (instance: InstanceFact) => boolean,
  clock: Clock,
  settings: RpoSettings,
): Promise<CheckResult> {
  const [snapshot, census] = await Promise.all([fleet.snapshot(), inventory.census()]);
  // Judged at the snapshot's time: a job that started while the queries ran must not look like it is in the future.
  const now = clock.now();
  const check = checkGraph(
    snapshot.instances.map((i) => i.id),
    census,
    'its instances were judged from the DataProtection API instead',
  );
  const trusted = (vaultId: string): boolean => !check.distrustedVaults.has(vaultId.toLowerCase());
  const instances = snapshot.instances.filter((i) => trusted(i.vaultId) && select(i));
  const direct = census
    .flatMap((s) => s.vaults)
    .filter((v) => !trusted(v.id))
    .flatMap((v) => v.instances)
    .filter(select);
  const policies = await policyFacts(instances, snapshot, inventory, settings.concurrency);
  const [fast, slow] = await Promise.all([
    mapPool(instances, settings.concurrency, (i) => judgeFleetInstance(i, policies, inventory, now, settings)),
    mapPool(direct, settings.concurrency, (i) =>
      judgeDirect(inventory, i, now, settings, `Resource Graph disagrees with the DataProtection API about vault ${i.vaultName}`),
    ),
  ]);
  return { now, lines: [...fast, ...slow], warnings: check.warnings };
}

async function judgeFleetInstance(
  instance: FleetInstanceFact,
  policies: ReadonlyMap<string, PolicyFacts>,
  inventory: BackupInventory,
  now: Date,
  settings: RpoSettings,
): Promise<RpoInstanceReport> {
  const policy = policies.get(instance.policyId.toLowerCase());
  const target = targetOf(
    instance,
    {
      clusterTags: instance.clusterTags,
      clusterTagsError: instance.clusterTagsError,
      schedule: policy?.schedule,
      scheduleError: policy?.error,
    },
    settings,
  );
  const why = confirmationNeeded({
    now,
    target,
    protectionActive: isProtectionActive(instance.protectionState),
    fast: instance.fast,
    schedule: policy?.schedule,
    atRiskShare: settings.atRiskShare,
    marginMs: settings.confirmMarginMs,
  });
  const fromGraph = fastPoint(instance.fast, now);
  if (!why)
    return judgeInstance({ instance, target, newest: fromGraph, now, settings, evidence: 'resource-graph', evidenceDetail: FROM_GRAPH });
  try {
    const newest = await newestFromRecoveryPoints((s) => inventory.recoveryPoints(instance.id, s), now, fromGraph?.time);
    return judgeInstance({
      instance,
      target,
      newest,
      now,
      settings,
      evidence: 'recovery-points',
      evidenceDetail: `read to confirm: ${why}`,
    });
  } catch (e) {
    const failed = `recovery points could not be read (${describeError(e)})`;
    if (fromGraph) {
      // Resource Graph's view still stands; say that it could not be confirmed.
      const evidenceDetail = `${FROM_GRAPH}; ${failed} to confirm: ${why}`;
      return judgeInstance({ instance, target, newest: fromGraph, now, settings, evidence: 'resource-graph', evidenceDetail });
    }
    const judgement = { verdict: 'unknown' as const, reason: failed, latestRecoveryPoint: null, ageSeconds: null };
    return reportLine(instance, target, judgement, 'recovery-points', `read because ${why}`);
  }
}

/** Schedules by lower-case policy id: from the snapshot, else one DataProtection read per distinct missing policy. */
async function policyFacts(
  instances: readonly FleetInstanceFact[],
  snapshot: FleetSnapshot,
  inventory: BackupInventory,
  concurrency: number,
): Promise<Map<string, PolicyFacts>> {
  const facts = new Map<string, PolicyFacts>();
  const missing = new Map<string, string>();
  for (const i of instances) {
    const key = i.policyId.toLowerCase();
    if (snapshot.schedules.has(key)) facts.set(key, { schedule: snapshot.schedules.get(key) });
    else if (!missing.has(key)) missing.set(key, i.policyId);
  }
  await mapPool([...missing.values()], concurrency, async (policyId) => {
    try {
      facts.set(policyId.toLowerCase(), { schedule: await inventory.getSchedule(policyId) });
    } catch (e) {
      facts.set(policyId.toLowerCase(), {
        schedule: undefined,
        error: `policy ${resourceName(policyId)} could not be read (${briefError(e)})`,
      });
    }
  });
  return facts;
}
