// AKS run command behind the ClusterCommands port: one SDK client per subscription, built on first use; output
// capped (a cluster could answer with megabytes; the drill needs kubectl JSON of a few namespaces).
import { parseArmScope } from '../../domain/armId.js';
import type { ClusterCommands, CommandResult } from '../../usecases/drill/drillPorts.js';
import { onceAsync } from '../../util/once.js';
import type { AdapterOptions } from '../options.js';
import type { ArmTarget, RunCommand } from './runCommandClient.js';

/** Run-command output the drill reads at most (512 KiB); longer output is cut and marked truncated. */
export const MAX_OUTPUT_BYTES = 512 * 1024;

export class ClusterCommandsAdapter implements ClusterCommands {
  private readonly clients = new Map<string, () => Promise<RunCommand>>();

  constructor(
    private readonly target: ArmTarget,
    private readonly options: AdapterOptions,
    private readonly pollMs = 2_000,
  ) {}

  async run(clusterId: string, command: string): Promise<CommandResult> {
    const scope = parseArmScope(clusterId);
    const name = /\/managedClusters\/([^/]+)$/i.exec(clusterId)?.[1];
    if (!scope?.resourceGroup || !name) throw new Error(`not an AKS cluster id: ${clusterId}`);
    const run = await this.client(scope.subscriptionId);
    const { exitCode, logs } = await run(scope.resourceGroup, name, command);
    const bytes = Buffer.byteLength(logs, 'utf8');
    if (bytes <= MAX_OUTPUT_BYTES) return { exitCode, logs, truncated: false };
    return { exitCode, logs: Buffer.from(logs, 'utf8').subarray(0, MAX_OUTPUT_BYTES).toString('utf8'), truncated: true };
  }

  private client(subscriptionId: string): Promise<RunCommand> {
    const key = subscriptionId.toLowerCase();
    let client = this.clients.get(key);
    if (!client) {
      client = onceAsync(async () =>
        (await import('./runCommandClient.js')).createRunCommand(subscriptionId, this.target, this.options, this.pollMs),
      );
      this.clients.set(key, client);
    }
    return client();
  }
}
