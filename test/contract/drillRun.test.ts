// A whole restore drill against the estate with the real adapters (DataProtection over @azure-rest/core-client, AKS
// run command over @azure/arm-containerservice), driven by the pure reconcile step: planned, validated, namespaces
// created and labelled, restored, verified (isolation, readiness), cleaned up, passed with an RTO. Every command the
// drill ran is recorded: none writes outside its validation namespaces, and the source namespace is untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEstate, type Estate } from '../../sandbox/estate/index.js';
import { ClusterCommandsAdapter } from '../../shared/adapters/aks/clusterCommands.js';
import { DataProtectionDrillFacts } from '../../shared/adapters/dataProtection/drillFacts.js';
import { DataProtectionDrillRestores } from '../../shared/adapters/dataProtection/drillRestores.js';
import { applyOutcome } from '../../shared/domain/drill/apply.js';
import { drillId } from '../../shared/domain/drill/names.js';
import { newDrill, type DrillRecord } from '../../shared/domain/drill/record.js';
import { stableHash } from '../../shared/domain/drill/spread.js';
import { nextAction, type DrillLimits } from '../../shared/domain/drill/transition.js';
import type { ClusterCommands } from '../../shared/usecases/drill/drillPorts.js';
import { DrillSteps } from '../../shared/usecases/drill/drillSteps.js';
import { ARM_SCOPE, collect, dataProtectionFor, estateOptions } from '../support/estateClients.js';

const MIN = 60_000;
const limits: DrillLimits = {
  maxAttempts: 3,
  jobVisibilityMs: 15 * MIN,
  maxRestoreRequests: 2,
  restoreTimeoutMs: 6 * 60 * MIN,
  verifyTimeoutMs: 60 * MIN,
  cleanupTimeoutMs: 30 * MIN,
};
let estate: Estate;
let steps: DrillSteps;
const commands: string[] = [];

beforeAll(async () => {
  estate = await startEstate();
  const { client } = dataProtectionFor(estate);
  const aks = new ClusterCommandsAdapter(
    { endpoint: estate.endpoints.resourceManager, scope: ARM_SCOPE },
    estateOptions(estate.ca, { maxRetries: 2, retryDelayMs: 5 }),
    1,
  );
  // Our own port, wrapped to record what the drill asked the cluster to do (the real adapter does the work).
  const recording: ClusterCommands = { run: (id, command) => (commands.push(command), aks.run(id, command)) };
  steps = new DrillSteps({
    facts: new DataProtectionDrillFacts(client, recording),
    restores: new DataProtectionDrillRestores(client),
    cluster: recording,
    now: () => estate.model.clock.now(),
  });
});
afterAll(() => estate?.close());

async function healthyInstance(): Promise<{ id: string; clusterId: string }> {
  const { client } = dataProtectionFor(estate);
  const vaults = await collect(client.listVaults(estate.model.subscriptions[0]?.id ?? ''));
  for (const v of vaults) {
    for (const bi of await collect(client.listBackupInstances(v.id))) {
      const points = await collect(client.listRecoveryPoints(bi.id));
      if (
        points.some((p) => p.properties.recoveryPointState === 'Completed') &&
        bi.properties.currentProtectionState === 'ProtectionConfigured'
      ) {
        return { id: bi.id, clusterId: bi.properties.dataSourceInfo.resourceID };
      }
    }
  }
  throw new Error('no healthy instance in the default scenario');
}

describe('a restore drill against the estate', () => {
  it('passes, with an RTO, leaving nothing behind and writing only in its validation namespaces', async () => {
    const instance = await healthyInstance();
    const id = drillId(stableHash(instance.id), '2026-12');
    let record: DrillRecord = newDrill(
      { id, instanceId: instance.id, clusterId: instance.clusterId, period: '2026-12', trigger: 'on-demand', rtoTargetMs: 4 * 60 * MIN },
      estate.model.clock.now(),
    );
    let justWrote = false;
    for (let step = 0; step < 60; step++) {
      const action = nextAction(record, estate.model.clock.now(), limits, justWrote);
      if (action.kind === 'none') break;
      const outcome = await steps.execute(record, action);
      record = applyOutcome(record, outcome, estate.model.clock.now(), limits);
      justWrote = action.kind === 'record-intent';
      // The estate's clock moves only when told: a tick every 5 minutes, as restoreDrillTimer will run.
      if (outcome.kind !== 'intent-recorded') estate.model.advance('PT5M');
    }
    expect(record.failure).toBeUndefined();
    expect(record.stage).toBe('passed');
    expect(record.rtoMs).toBeGreaterThan(0);
    expect(record.cleanup).toEqual({ status: 'done' });
    expect(record.checks?.every((c) => c.ok)).toBe(true);
    const writes = commands.filter((c) => /kubectl (create|label|delete|apply|patch)/.test(c));
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) expect(w).toMatch(new RegExp(`^kubectl (create|label|delete) ns validation-[a-z0-9-]+-${id}( |$)`));
    const cluster = estate.model.findCluster(instance.clusterId);
    const present = (cluster?.namespaces ?? []).filter(
      (ns) => ns.deletedAt === undefined || ns.deletedAt > estate.model.clock.now().getTime(),
    );
    expect(present.filter((ns) => ns.name.startsWith('validation-'))).toEqual([]);
    for (const { source } of record.namespaces) expect(present.map((ns) => ns.name)).toContain(source);
  }, 60_000);
});
