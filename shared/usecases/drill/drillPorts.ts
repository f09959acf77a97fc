// Ports of the restore drill. The cluster side is AKS run command: every kubectl the drill runs goes through it,
// after the safety guard (shared/domain/drill/guard.ts) has allowed any write. Adapters: shared/adapters/aks/.

/** What a run command printed. Untrusted text from a cluster: parse it (kubectl -o json), never believe it as prose. */
export interface CommandResult {
  readonly exitCode: number;
  readonly logs: string;
  /** The output was longer than the limit and was cut; anything parsed from it is incomplete. */
  readonly truncated: boolean;
}

export interface ClusterCommands {
  /** Runs one command line in the cluster (AKS run command: 202, then the result by polling). */
  run(clusterId: string, command: string): Promise<CommandResult>;
}

/** A refusal of validateRestore or restore, with Azure's code (definite: the drill fails at that stage). */
export class RestoreRefusedError extends Error {
  override readonly name = 'RestoreRefusedError';
  constructor(
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

export interface DrillRestoreJob {
  readonly id: string;
  readonly status: string;
  readonly startTime: Date | undefined;
  readonly endTime: Date | undefined;
  readonly errorCode: string | undefined;
}

export interface DrillRestores {
  /** Resolves when Azure would accept the restore; RestoreRefusedError naming Azure's reason when not. */
  validate(instanceId: string, request: object): Promise<void>;
  /** Starts the restore; resolves with the job's ARM id. RestoreRefusedError when Azure refuses it outright. */
  trigger(instanceId: string, request: object): Promise<string>;
  /** Restore jobs of the instance that started at or after `since` (to find a drill's job after a crash). */
  restoreJobsSince(instanceId: string, since: Date): Promise<DrillRestoreJob[]>;
  job(jobId: string): Promise<DrillRestoreJob | undefined>;
}

/** What a drill of one instance restores, read when it is planned. */
export interface DrillPlanFacts {
  readonly recoveryPointId: string;
  readonly dataStore: 'OperationalStore' | 'VaultStore';
  /** The namespaces the recovery point holds that the instance includes (system namespaces never). */
  readonly namespaces: readonly string[];
  readonly cluster: { readonly id: string; readonly name: string; readonly location: string };
}

export interface DrillFacts {
  /** The newest Completed recovery point and its namespaces; `unavailable` says why a drill cannot run now. */
  plan(instanceId: string): Promise<DrillPlanFacts | { readonly unavailable: string }>;
}
