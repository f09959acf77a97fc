// Remediation built exactly as shared/composition.ts builds it, on the fakes of its ports, with the default policy
// (REMEDIATION_RERUNS_PER_DAY 3, BACKOFF_BASE PT15M, BACKOFF_MAX PT4H, CLAIM_EXPIRY PT10M, RERUN_FOLLOW_TIMEOUT PT6H).
import { ledgerKey, parseLedger, recordKey, parseRecord } from '../../shared/domain/remediation/record.js';
import type { AutopilotCloudEvent } from '../../shared/events/cloudEvent.js';
import { jobOutcomeEvent } from '../../shared/usecases/detection/detectJobEvents.js';
import type { JobFact } from '../../shared/usecases/ports.js';
import { Remediator, type RemediationPolicy } from '../../shared/usecases/remediation/remediation.js';
import { RerunFollower } from '../../shared/usecases/remediation/rerunFollow.js';
import {
  HOUR,
  instanceId,
  ManualClock,
  MemoryEventPublisher,
  MemoryJobFeed,
  MemoryRerunner,
  MemoryStateStore,
  MINUTE,
} from '../support/fakes/index.js';

export const POLICY: RemediationPolicy = {
  budget: { perDay: 3, backoffBaseMs: 15 * MINUTE, maxBackoffMs: 4 * HOUR },
  claimExpiryMs: 10 * MINUTE,
  followTimeoutMs: 6 * HOUR,
};

/** 01:00 UTC: a test that moves the clock by hours stays inside one budget day. */
export const START = '2026-11-21T01:00:00Z';

/** One re-run a day: what makes a budget race visible with two failures. */
export const POLICY_ONE_A_DAY: RemediationPolicy = { ...POLICY, budget: { ...POLICY.budget, perDay: 1 } };

export function remediationWorld(policy: RemediationPolicy = POLICY) {
  const clock = new ManualClock(START);
  const store = new MemoryStateStore();
  const publisher = new MemoryEventPublisher();
  const feed = new MemoryJobFeed();
  const rerunner = new MemoryRerunner(feed, clock);
  const build = () => {
    const remediator = new Remediator({ store, publisher, feed, rerunner, clock, policy });
    const follower = new RerunFollower({ store, publisher, rerunner, remediator, clock, followTimeoutMs: policy.followTimeoutMs });
    return { remediator, follower };
  };
  // Two app instances over one state account, each with its own caches (the ledger's write cache): what Event Grid's
  // parallel deliveries to a scaled-out Function App look like.
  const a = build();
  const b = build();
  return {
    clock,
    store,
    publisher,
    feed,
    rerunner,
    a,
    b,
    /** A protected instance whose latest scheduled backup failed with `code`, as the JobFailed event of jobWatchTimer. */
    failure(name: string, guid: string, code: string, over: Partial<JobFact> = {}): AutopilotCloudEvent<'Autopilot.Backup.JobFailed'> {
      if (!rerunner.instances.has(instanceId(name).toLowerCase())) rerunner.addInstance(instanceId(name), name);
      const now = clock.now();
      const failed: JobFact = {
        id: `${instanceId(name).replace(/\/backupInstances\/.*$/, '')}/backupJobs/${guid}`,
        instanceId: instanceId(name),
        instanceName: name,
        vault: 'bv-weu',
        cluster: `aks-${name}`,
        operation: 'Backup',
        trigger: 'scheduled',
        status: 'Failed',
        startTime: new Date(now.getTime() - 30 * MINUTE),
        endTime: new Date(now.getTime() - 20 * MINUTE),
        errorCode: code,
        errorMessage: `${code} (test)`,
        isRetryable: null,
        isUserError: null,
        ...over,
      };
      feed.add(failed);
      const event = jobOutcomeEvent(failed, 'resource-graph');
      if (event?.type !== 'Autopilot.Backup.JobFailed') throw new Error('not a JobFailed event');
      return event;
    },
    record: (jobId: string) => parseRecord(store.value(recordKey(jobId))),
    ledger: (name: string) => parseLedger(store.value(ledgerKey(instanceId(name)))),
  };
}
