// The recorded state of one drill: everything the next tick needs to carry on, whichever process ran the last one.
// Times are ISO strings so the record is stored as it is read.
export const DRILL_STAGES = ['due', 'validating', 'preparing', 'restoring', 'verifying', 'cleaning', 'passed', 'failed'] as const;
export type DrillStage = (typeof DRILL_STAGES)[number];
export type ActiveStage = Exclude<DrillStage, 'passed' | 'failed'>;

export interface StageTime {
  readonly startedAt: string;
  readonly endedAt?: string;
}

export interface NamespaceMapping {
  readonly source: string;
  readonly target: string;
}

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface DrillRecord {
  readonly version: 1;
  readonly id: string;
  readonly instanceId: string;
  readonly clusterId: string;
  readonly period: string;
  readonly trigger: 'schedule' | 'on-demand';
  /** The instance's RTO target when the drill was planned; null: best effort. */
  readonly rtoTargetMs: number | null;
  readonly stage: DrillStage;
  readonly stages: Partial<Record<DrillStage, StageTime>>;
  readonly namespaces: readonly NamespaceMapping[];
  readonly recoveryPointId?: string;
  /** Where the restore goes and from which store, fixed when the drill is planned. */
  readonly restore?: { readonly dataStore: 'OperationalStore' | 'VaultStore'; readonly clusterName: string; readonly location: string };
  /** Workloads (Deployments + StatefulSets) the source namespaces held when planned: what must come back. */
  readonly expectedWorkloads?: number;
  /** Written before each restore request (write-ahead), so a tick that dies mid-request is not blindly repeated. */
  readonly restoreIntent?: { readonly attempt: number; readonly at: string };
  /** Restore intents written so far (a retrigger only follows one proven lost). */
  readonly restoreRequests?: number;
  readonly restoreJobId?: string;
  /** When the restore request was accepted: the start of the measured RTO. */
  readonly restoreTriggeredAt?: string;
  readonly restoreJobEndedAt?: string;
  readonly pvcsBoundAt?: string;
  readonly podsReadyAt?: string;
  readonly verifiedAt?: string;
  readonly checks?: readonly CheckResult[];
  /** Transient errors in the current stage; reset on every stage change. */
  readonly attempts: number;
  readonly lastError?: string;
  readonly failure?: { readonly stage: DrillStage; readonly reason: string };
  readonly rtoMs?: number;
  readonly cleanup?: { readonly status: 'done' | 'failed'; readonly reason?: string };
  readonly updatedAt: string;
}

export function isFinished(r: DrillRecord): boolean {
  return r.stage === 'passed' || r.stage === 'failed';
}

export function newDrill(
  fields: Pick<DrillRecord, 'id' | 'instanceId' | 'clusterId' | 'period' | 'trigger' | 'rtoTargetMs'>,
  now: Date,
): DrillRecord {
  const at = now.toISOString();
  return { version: 1, ...fields, stage: 'due', stages: { due: { startedAt: at } }, namespaces: [], attempts: 0, updatedAt: at };
}
