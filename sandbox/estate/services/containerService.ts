// Microsoft.ContainerService: managed cluster reads and AKS run command. Run command has AKS's real LRO shape:
// 202 + Location …/commandResults/{id}; polling that answers 202 while "running", then 200 with the result.
// The SDK's beginRunCommandAndWait (resourceLocationConfig 'location') works against it unchanged.
import type { HttpKit } from '../http/context.js';
import type { EstateRequest, Route } from '../http/types.js';
import { clusterView } from '../model/armViews.js';
import { ModelError } from '../model/errors.js';
import type { EstateModel } from '../model/estate.js';
import { guidFrom } from '../model/hash.js';
import type { ClusterState } from '../model/types.js';
import { apiVersionOf, armHandler, CONTAINER_SERVICE, ok, pageOf, type SyncHandler } from './arm.js';
import { requireCluster, requireResourceGroup, requireSubscription } from './armLookup.js';

const CLUSTER_PATH = '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.ContainerService/managedClusters/:cluster';
/** Polls of commandResults that still answer "running" (the pod has to be scheduled first). */
const RUNNING_POLLS = 1;

interface CommandRecord {
  readonly cluster: ClusterState;
  readonly body: Record<string, unknown>;
  polls: number;
}

export function containerServiceRoutes(model: EstateModel, kit: HttpKit): Route[] {
  const commands = new Map<string, CommandRecord>();
  const pageSize = model.settings.pageSize.clusters;
  const route = (method: 'GET' | 'POST', pattern: string, handler: SyncHandler): Route => ({
    method,
    pattern,
    service: 'arm',
    auth: 'bearer',
    handler: armHandler(CONTAINER_SERVICE, handler),
  });
  const view = (c: ClusterState): Record<string, unknown> => clusterView(c, model.tenantId);
  const commandLocation = (req: EstateRequest, cluster: ClusterState, id: string): string =>
    `${kit.baseUrl}${cluster.id}/commandResults/${id}?api-version=${encodeURIComponent(apiVersionOf(req) ?? '')}`;

  return [
    route('GET', '/subscriptions/:sub/providers/Microsoft.ContainerService/managedClusters', (req, p) => {
      requireSubscription(model, p.sub ?? '');
      return pageOf(kit, req, model.clusters(p.sub), pageSize, view);
    }),
    route('GET', '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.ContainerService/managedClusters', (req, p) => {
      requireResourceGroup(model, p.sub ?? '', p.rg ?? '');
      return pageOf(kit, req, model.clusters(p.sub, p.rg), pageSize, view);
    }),
    route('GET', CLUSTER_PATH, (_req, p) => ok(view(requireCluster(model, p)))),

    route('POST', `${CLUSTER_PATH}/runCommand`, (req, p) => {
      const cluster = requireCluster(model, p);
      const command = (req.body as { command?: unknown } | undefined)?.command;
      if (typeof command !== 'string' || command.trim() === '') {
        throw new ModelError(
          400,
          'InvalidParameter',
          "The value of parameter 'command' is invalid: a non-empty command is required.",
          'command',
        );
      }
      if (cluster.powerState !== 'Running') {
        throw new ModelError(400, 'OperationNotAllowed', `Cannot run a command on cluster '${cluster.name}': it is stopped.`);
      }
      // The command runs when accepted (its effects, e.g. `kubectl create ns`, are visible at once); the result is
      // reported after the pod "finishes".
      const run = model.runCommand(cluster, command);
      const id = guidFrom(`${cluster.id}|command|${commands.size}|${model.nowMs()}`).replace(/-/g, '');
      const properties = {
        provisioningState: 'succeeded',
        exitCode: run.exitCode,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
        logs: run.logs,
      };
      commands.set(id, { cluster, body: { id, properties }, polls: 0 });
      return { status: 202, headers: { Location: commandLocation(req, cluster, id) } };
    }),
    route('GET', `${CLUSTER_PATH}/commandResults/:id`, (req, p) => {
      const cluster = requireCluster(model, p);
      const record = commands.get(p.id ?? '');
      if (!record || record.cluster !== cluster) throw new ModelError(404, 'NotFound', `Command result '${p.id ?? ''}' was not found.`);
      if (record.polls < RUNNING_POLLS) {
        record.polls += 1;
        return { status: 202, headers: { Location: commandLocation(req, cluster, p.id ?? '') } };
      }
      return ok(record.body);
    }),
  ];
}
