// Jobs and recovery points as DataProtection returns them (Jobs_List/Get, RecoveryPoints_List/Get examples).
// Status is read off the clock: a job is InProgress until its end, and only then reports its outcome.
import { TYPES, userFacingError } from './armViews.js';
import { guidFrom } from './hash.js';
import type { RecoveryPointRecord } from './history.js';
import { formatTimeSpan } from './time.js';
import { AKS_DATASOURCE_TYPE, type JobRecord } from './types.js';
import { DEFAULT_WORDING, type EstateWording } from './wording.js';

export type JobStatus = 'InProgress' | 'Completed' | 'Failed';

export const jobStatusAt = (job: JobRecord, now: number): JobStatus => (now < job.end ? 'InProgress' : job.outcome);

export const jobArmId = (job: JobRecord): string => `${job.instance.vault.id}/backupJobs/${job.id}`;

const iso = (ms: number): string => new Date(ms).toISOString();

/** The status word a client sees (the spec's examples say Succeeded / Started where its enum says Completed / InProgress). */
export function statusWord(status: JobStatus, wording: Pick<EstateWording, 'jobCompleted' | 'jobInProgress'> = DEFAULT_WORDING): string {
  if (status === 'Completed') return wording.jobCompleted;
  return status === 'InProgress' ? wording.jobInProgress : status;
}

export function jobView(job: JobRecord, now: number, wording: Readonly<EstateWording> = DEFAULT_WORDING): Record<string, unknown> {
  const { instance } = job;
  const { cluster, vault, policy } = instance;
  const status = jobStatusAt(job, now);
  const done = status !== 'InProgress';
  const operation = job.kind === 'restore' ? 'Restore' : 'Backup';
  // Two sub-tasks: the first runs (and is where failures surface), the second follows it.
  const taskStatus = (i: number): string => {
    if (!done) return i === 0 ? 'InProgress' : 'NotStarted';
    if (job.outcome === 'Completed') return 'Completed';
    return i === 0 ? 'Failed' : 'NotStarted';
  };
  const taskNames = job.kind === 'restore' ? ['Prepare restore', 'Restore resources'] : ['Take snapshot', 'Transfer metadata'];
  const extendedInfo: Record<string, unknown> = {
    additionalDetails: {},
    subTasks: taskNames.map((taskName, i) => ({ taskId: i + 1, taskName, taskStatus: taskStatus(i) })),
  };
  if (job.restore) {
    extendedInfo.recoveryDestination = job.restore.targetClusterId;
    extendedInfo.sourceRecoverPoint = {
      recoveryPointID: job.restore.recoveryPointId,
      recoveryPointTime: iso(job.restore.recoveryPointTime),
    };
  }
  return {
    id: jobArmId(job),
    name: job.id,
    type: TYPES.job,
    properties: {
      activityID: guidFrom(`activity|${job.id}`),
      backupInstanceFriendlyName: instance.friendlyName,
      backupInstanceId: instance.id,
      dataSourceId: cluster.id,
      dataSourceLocation: cluster.location,
      dataSourceName: cluster.name,
      dataSourceSetName: cluster.name,
      dataSourceType: AKS_DATASOURCE_TYPE,
      duration: formatTimeSpan((done ? job.end : now) - job.start),
      startTime: iso(job.start),
      ...(done ? { endTime: iso(job.end) } : {}),
      isUserTriggered: job.kind !== 'scheduled',
      operation,
      operationCategory: operation,
      policyId: policy.id,
      policyName: policy.name,
      progressEnabled: false,
      sourceResourceGroup: cluster.resourceGroup,
      sourceSubscriptionID: cluster.subscriptionId,
      status: statusWord(status, wording),
      subscriptionId: vault.subscriptionId,
      supportedActions: [''],
      vaultName: vault.name,
      ...(job.kind === 'restore'
        ? {
            restoreType: job.restore?.targetClusterId.toLowerCase() === cluster.id.toLowerCase() ? 'OriginalLocation' : 'AlternateLocation',
          }
        : {}),
      ...(done && job.error ? { errorDetails: [userFacingError(job.error)] } : {}),
      extendedInfo,
    },
  };
}

export function recoveryPointView(rp: RecoveryPointRecord): Record<string, unknown> {
  const time = iso(rp.time);
  const expiry = rp.expiry === undefined ? {} : { expiryTime: iso(rp.expiry) };
  return {
    id: `${rp.instance.id}/recoveryPoints/${rp.id}`,
    name: rp.id,
    type: TYPES.recoveryPoint,
    properties: {
      objectType: 'AzureBackupDiscreteRecoveryPoint',
      recoveryPointId: rp.id,
      recoveryPointTime: time,
      recoveryPointType: 'Full',
      recoveryPointState: 'Completed',
      retentionTagName: rp.retentionTag,
      retentionTagVersion: '',
      policyName: rp.instance.policy.name,
      policyVersion: '',
      friendlyName: rp.id,
      ...expiry,
      recoveryPointDataStoresDetails: [
        { id: guidFrom(`datastore|${rp.id}`), type: 'OperationalStore', creationTime: time, visible: true, ...expiry },
      ],
    },
  };
}
