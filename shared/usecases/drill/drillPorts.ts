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
