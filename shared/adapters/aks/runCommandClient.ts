// The SDK half of the AKS adapter: @azure/arm-containerservice's ManagedClusters.runCommand (202 + Location to
// commandResults, polled by the SDK's LRO). Loaded with import() by ClusterCommandsAdapter on first use, so no
// function entry loads the SDK.
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { armOriginPolicy } from '../arm/armOrigin.js';
import { pipelineOptions, type AdapterOptions } from '../options.js';

export interface ArmTarget {
  readonly endpoint: string;
  /** e.g. https://management.azure.com/.default */
  readonly scope: string;
}

export type RunCommand = (resourceGroup: string, cluster: string, command: string) => Promise<{ exitCode: number; logs: string }>;

export function createRunCommand(subscriptionId: string, target: ArmTarget, options: AdapterOptions, pollMs: number): RunCommand {
  const client = new ContainerServiceClient(options.credential, subscriptionId, {
    endpoint: target.endpoint,
    credentials: { scopes: [target.scope] },
    ...pipelineOptions(options),
  });
  // The command result is polled at the Location ARM hands back: it must stay on the ARM origin, as every other ARM
  // URL does (checked before the token is attached; see armOrigin.ts).
  client.pipeline.addPolicy(armOriginPolicy(target.endpoint), { phase: 'Serialize' });
  return async (resourceGroup, cluster, command) => {
    const result = await client.managedClusters.runCommand(resourceGroup, cluster, { command }, { updateIntervalInMs: pollMs });
    return { exitCode: result.exitCode ?? -1, logs: result.logs ?? '' };
  };
}
