// The restore drill's DataProtection adapter against the estate over HTTPS: the request the drill builds (through
// its safety guard) is validated and accepted, its job is found again by "restore jobs since" (what a tick that died
// mid-request relies on), and Azure's refusals arrive as RestoreRefusedError with Azure's code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEstate, type Estate } from '../../sandbox/estate/index.js';
import { DataProtectionDrillRestores } from '../../shared/adapters/dataProtection/drillRestores.js';
import type { BackupInstance } from '../../shared/adapters/dataProtection/types.js';
import { drillId, validationNamespace } from '../../shared/domain/drill/names.js';
import { drillRestoreRequest } from '../../shared/domain/drill/request.js';
import { RestoreRefusedError } from '../../shared/usecases/drill/drillPorts.js';
import { collect, dataProtectionFor } from '../support/estateClients.js';

let estate: Estate;
let restores: DataProtectionDrillRestores;
let instance: BackupInstance;
let recoveryPointId: string;

beforeAll(async () => {
  estate = await startEstate();
  const { client } = dataProtectionFor(estate);
  const sub = estate.model.subscriptions[0]?.id ?? '';
  const vaults = await collect(client.listVaults(sub));
  const instances = (await Promise.all(vaults.map((v) => collect(client.listBackupInstances(v.id))))).flat();
  for (const bi of instances) {
    const points = await collect(client.listRecoveryPoints(bi.id));
    const newest = points.sort(
      (a, b) => Date.parse(b.properties.recoveryPointTime ?? '') - Date.parse(a.properties.recoveryPointTime ?? ''),
    )[0];
    if (newest) {
      instance = bi;
      recoveryPointId = newest.name ?? '';
      break;
    }
  }
  restores = new DataProtectionDrillRestores(client);
});
afterAll(() => estate?.close());

function request(recoveryPoint = recoveryPointId) {
  const modelled = estate.model.findInstance(instance.id);
  const source = modelled?.includedNamespaces?.[0] ?? modelled?.cluster.namespaces[0]?.name ?? 'default';
  const id = drillId(12345, '2026-12');
  const info = instance.properties.dataSourceInfo;
  const built = drillRestoreRequest(
    { drillId: id, namespaces: [{ source, target: validationNamespace(source, id) }] },
    { clusterId: info.resourceID, recoveryPointId: recoveryPoint, dataStore: 'OperationalStore' },
    { clusterId: info.resourceID, clusterName: info.resourceName ?? '', location: info.resourceLocation ?? '' },
  );
  if ('refused' in built) throw new Error(built.refused);
  return built.request;
}

describe('DataProtectionDrillRestores', () => {
  it('validates the drill’s request, starts the restore, and finds its job again by time', async () => {
    const since = new Date(estate.model.clock.now().getTime() - 1000);
    await restores.validate(instance.id, request());
    const jobId = await restores.trigger(instance.id, request());
    expect(jobId).toMatch(/\/backupJobs\//i);
    const found = await restores.restoreJobsSince(instance.id, since);
    expect(found.map((j) => j.id.toLowerCase())).toContain(jobId.toLowerCase());
    expect(await restores.job(jobId)).toMatchObject({ id: expect.stringMatching(/backupJobs/i) as string });
    expect(await restores.restoreJobsSince(instance.id, new Date(estate.model.clock.now().getTime() + 60_000))).toEqual([]);
  });
  it('a recovery point that does not exist: validation refused with Azure’s code', async () => {
    const error: unknown = await restores.validate(instance.id, request('no-such-point')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RestoreRefusedError);
    expect(error).toMatchObject({ code: 'UserErrorRecoveryPointNotFound' });
  });
  it('a job that does not exist reads as undefined', async () =>
    expect(
      await restores.job(`${instance.id.replace(/\/backupInstances\/.*$/i, '')}/backupJobs/00000000-0000-0000-0000-000000000000`),
    ).toBeUndefined());
});
