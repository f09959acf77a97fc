// The AKS adapter of the restore drill: @azure/arm-containerservice's run command (202 + Location, then the result)
// against the estate over HTTPS, kubectl JSON parsed by the drill's readers, throttling retried, output capped.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEstate, type Estate } from '../../sandbox/estate/index.js';
import { ClusterCommandsAdapter } from '../../shared/adapters/aks/clusterCommands.js';
import { parseKubeList } from '../../shared/domain/drill/kube.js';
import { ARM_SCOPE, estateOptions } from '../support/estateClients.js';

let estate: Estate;
let commands: ClusterCommandsAdapter;
let clusterId: string;

beforeAll(async () => {
  estate = await startEstate();
  commands = new ClusterCommandsAdapter(
    { endpoint: estate.endpoints.resourceManager, scope: ARM_SCOPE },
    estateOptions(estate.ca, { maxRetries: 3, retryDelayMs: 10 }),
    1,
  );
  clusterId = estate.model.clusters()[0]?.id ?? '';
});
afterAll(() => estate?.close());
beforeEach(() => {
  estate.control.faults.clear();
  estate.control.resetRequests();
});

describe('ClusterCommandsAdapter', () => {
  it('runs kubectl through run command and its result is kubectl JSON the drill can read', async () => {
    const created = await commands.run(clusterId, 'kubectl create ns validation-shop-d1');
    expect(created).toEqual({ exitCode: 0, logs: 'namespace/validation-shop-d1 created', truncated: false });
    const listed = await commands.run(clusterId, 'kubectl get ns -o json');
    const names = (parseKubeList(listed.logs) ?? []).map((i) => i.name);
    expect(names).toContain('validation-shop-d1');
    const posts = estate.control.requests.entries((r) => r.method === 'POST' && /\/runCommand$/i.test(r.path));
    const polls = estate.control.requests.entries((r) => r.method === 'GET' && /\/commandResults\//i.test(r.path));
    expect(posts).toHaveLength(2);
    expect(polls.length).toBeGreaterThanOrEqual(2);
  });
  it('reports a failing command with its exit code, not as an exception', async () => {
    const r = await commands.run(clusterId, 'kubectl get ns does-not-exist -o json');
    expect(r.exitCode).toBe(1);
    expect(r.logs).toContain('NotFound');
  });
  it('retries a throttled run command in the SDK pipeline', async () => {
    estate.control.faults.add({ kind: 'throttle', path: '/runCommand$', retryAfterSeconds: 0, times: 1 });
    expect((await commands.run(clusterId, 'kubectl version')).exitCode).toBe(0);
    expect(estate.control.requests.entries((r) => /\/runCommand$/i.test(r.path))).toHaveLength(2);
  });
  it('never follows a command-result Location to another origin (the token stays on ARM)', async () => {
    const foreign = estate.endpoints.resourceManager.replace('127.0.0.1', 'localhost') + '/elsewhere/commandResults/1';
    estate.control.faults.add({
      kind: 'respond',
      method: 'POST',
      path: '/runCommand$',
      status: 202,
      body: {},
      headers: { Location: foreign },
    });
    await expect(commands.run(clusterId, 'kubectl version')).rejects.toMatchObject({ name: 'ForeignOriginError' });
    expect(estate.control.requests.entries((r) => /elsewhere/.test(r.path))).toHaveLength(0);
  });
  it('refuses an id that is not an AKS cluster before any call', async () => {
    await expect(
      commands.run('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x', 'kubectl version'),
    ).rejects.toThrow(/not an AKS cluster id/);
    expect(estate.control.requests.entries(() => true)).toHaveLength(0);
  });
});
