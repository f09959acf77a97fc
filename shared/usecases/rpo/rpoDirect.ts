// The direct path: judge instances from the DataProtection API itself (instance, policy, cluster tags, recovery
// points). Used for one instance (a handful of calls, answered in well under a second) and for the whole fleet when
// Resource Graph cannot be queried (one recovery-point read per instance: slow on a large fleet, but never blind).
import type { Clock } from '../../clock.js';
import { resourceName } from '../../domain/armId.js';
import type { RecoveryPointFact } from '../../domain/rpo/rpo.js';
import type { ScheduleFact, Tags } from '../../domain/rpo/rpoTarget.js';
import { mapPool } from '../../util/pool.js';
import type { BackupInventory, InstanceFact } from '../ports.js';
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

export interface CheckResult {
  /** The instant the verdicts were judged at. */
  readonly now: Date;
  readonly lines: RpoInstanceReport[];
  /** Why the check had to take a slower path for part of the fleet, if it did. */
  readonly warnings?: readonly string[];
}

export async function directFleet(
  inventory: BackupInventory,
  select: (instance: InstanceFact) => boolean,
  clock: Clock,
  settings: RpoSettings,
  evidenceDetail: string,
): Promise<CheckResult> {
  const instances = (await inventory.listInstances()).filter(select);
  const now = clock.now();
  const lines = await mapPool(instances, settings.concurrency, (i) => judgeDirect(inventory, i, now, settings, evidenceDetail));
  return { now, lines };
}

export async function judgeDirect(
  inventory: BackupInventory,
  instance: InstanceFact,
  now: Date,
  settings: RpoSettings,
  evidenceDetail: string,
): Promise<RpoInstanceReport> {
  // Both are cached per check: a fleet read costs one call per distinct cluster and policy, not per instance.
  const [cluster, policy] = await Promise.all([
    settle<Tags | undefined>(inventory.clusterTags(instance.clusterId)),
    settle<ScheduleFact | undefined>(inventory.getSchedule(instance.policyId)),
  ]);
  const target = targetOf(
    instance,
    {
      clusterTags: cluster.value,
      clusterTagsError: cluster.error,
      schedule: policy.value,
      scheduleError:
        policy.error === undefined ? undefined : `policy ${resourceName(instance.policyId)} could not be read (${policy.error})`,
    },
    settings,
  );
  let newest: RecoveryPointFact | undefined;
  try {
    // Look back two targets first (one short page on a healthy instance); only an instance with nothing that recent
    // costs a second, unfiltered read to find how old its newest point really is.
    const since = new Date(now.getTime() - 2 * (target.ms ?? settings.defaultTargetMs));
    newest = await newestFromRecoveryPoints((s) => inventory.recoveryPoints(instance.id, s), now, since);
  } catch (e) {
    // Without a target there is nothing to judge, so a failed read changes nothing; otherwise the verdict is unknown.
    if (target.ms !== null) {
      const reason = `recovery points could not be read: ${describeError(e)}`;
      return reportLine(
        instance,
        target,
        { verdict: 'unknown', reason, latestRecoveryPoint: null, ageSeconds: null },
        'recovery-points',
        evidenceDetail,
      );
    }
  }
  return judgeInstance({ instance, target, newest, now, settings, evidence: 'recovery-points', evidenceDetail });
}

async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: string }> {
  try {
    return { value: await promise };
  } catch (e) {
    return { error: briefError(e) };
  }
}
