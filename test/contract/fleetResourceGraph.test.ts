// The fleet adapter's Resource Graph queries against the estate's KQL, checked against what the DataProtection API
// and the AKS API say about the same resources.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEstate, type Estate } from '../../sandbox/estate/index.js';
import { ArmTransport } from '../../shared/adapters/arm/armTransport.js';
import { DataProtectionClient } from '../../shared/adapters/dataProtection/client.js';
import { DataProtectionInventory } from '../../shared/adapters/dataProtection/inventory.js';
import { ResourceGraphFleet } from '../../shared/adapters/arm/fleetResourceGraph.js';
import { newestRestorablePoint } from '../../shared/domain/rpo/rpo.js';
import type { FleetSnapshot } from '../../shared/usecases/ports.js';
import { ARM_SCOPE, estateOptions, resourceGraphFor } from '../support/estateClients.js';

let estate: Estate;
let subscriptions: string[];
let snapshot: FleetSnapshot;
beforeAll(async () => {
  estate = await startEstate();
  subscriptions = estate.model.subscriptions.map((s) => s.id);
  snapshot = await new ResourceGraphFleet(resourceGraphFor(estate), subscriptions).snapshot();
});
afterAll(() => estate?.close());

const inventory = (): DataProtectionInventory => {
  const transport = new ArmTransport(
    { endpoint: estate.endpoints.resourceManager, scope: ARM_SCOPE, apiVersion: '2026-03-01' },
    estateOptions(estate.ca, { retryDelayMs: 10 }),
  );
  return new DataProtectionInventory(new DataProtectionClient(transport), transport, subscriptions, 4);
};

describe('ResourceGraphFleet', () => {
  it('lists every AKS backup instance with the same facts as the DataProtection API', async () => {
    const direct = await inventory().listInstances();
    expect(snapshot.instances.map((i) => i.id.toLowerCase()).sort()).toEqual(direct.map((i) => i.id.toLowerCase()).sort());
    for (const d of direct) {
      const g = snapshot.instances.find((i) => i.id.toLowerCase() === d.id.toLowerCase());
      expect(g, d.name).toMatchObject({
        name: d.name,
        vaultName: d.vaultName,
        clusterName: d.clusterName,
        policyId: d.policyId,
        protectionState: d.protectionState,
        protectionError: d.protectionError,
        tags: d.tags ?? {},
      });
    }
  });

  it('dates the newest completed backup job exactly as the newest recovery point it made', async () => {
    const inv = inventory();
    const now = estate.model.clock.now();
    for (const i of snapshot.instances) {
      const newest = newestRestorablePoint(await inv.recoveryPoints(i.id), now);
      if (i.fast.lastSuccess === undefined) {
        // Only an instance without any backup in the 30 days of job history (here: never backed up).
        expect(newest, i.name).toBeUndefined();
        continue;
      }
      expect(i.fast.lastSuccess.toISOString(), i.name).toBe(newest?.time.toISOString());
      expect(i.fast.lastJob!.getTime()).toBeGreaterThanOrEqual(i.fast.lastSuccess.getTime());
    }
  });

  it('carries the clusters’ tags as the AKS API returns them', async () => {
    const inv = inventory();
    for (const i of snapshot.instances) expect(i.clusterTags, i.clusterName).toEqual((await inv.clusterTags(i.clusterId)) ?? {});
  });

  it('holds the schedules of the policies the caller may read, and leaves out the one it may not', async () => {
    const inv = inventory();
    const used = new Set(snapshot.instances.map((i) => i.policyId.toLowerCase()));
    for (const id of used) {
      if (id.endsWith('/aks-legacy-4h')) {
        expect(snapshot.schedules.has(id)).toBe(false);
        await expect(inv.getSchedule(id)).rejects.toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
      } else {
        expect(snapshot.schedules.get(id), id).toEqual(await inv.getSchedule(id));
      }
    }
  });

  it('pages every query with $skipToken and gets the same snapshot', async () => {
    estate.control.resetRequests();
    const paged = await new ResourceGraphFleet(resourceGraphFor(estate, 3), subscriptions).snapshot();
    const calls = estate.control.requests.entries((r) => r.service === 'resourceGraph');
    expect(calls.length).toBeGreaterThan(8);
    expect(paged.instances.map((i) => i.id).sort()).toEqual(snapshot.instances.map((i) => i.id).sort());
    expect(paged.instances.map((i) => i.fast.lastSuccess?.getTime()).sort()).toEqual(
      snapshot.instances.map((i) => i.fast.lastSuccess?.getTime()).sort(),
    );
  });
});
