// Tiering with the real @azure/storage-blob client against Azurite: the streamed listing carries tiers and leases,
// Blob Batch applies changes in batches of at most 256 with one result per blob, a leased blob fails alone, and a
// re-run after a crash halfway changes nothing twice.
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type AzuriteInstance } from '../../sandbox/host/index.js';
import { LocalDevCredential } from '../../shared/adapters/arm/credential.js';
import { BlobAccounts } from '../../shared/adapters/storage/blobAccounts.js';
import { BATCH_MAX, BlobTieringAdapter } from '../../shared/adapters/storage/blobTiering.js';
import type { TierBlob } from '../../shared/domain/tiering/plan.js';
import type { TierChange } from '../../shared/usecases/tiering/tieringPorts.js';

let azurite: AzuriteInstance;
let container: ContainerClient;
let tiering: BlobTieringAdapter;
const location = { serviceUrl: undefined, container: 'pgdumps' };
const names = Array.from({ length: BATCH_MAX + 44 }, (_, i) => `dumps/db-${String(i).padStart(4, '0')}.dump`);

beforeAll(async () => {
  azurite = await startAzurite();
  container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('pgdumps');
  await container.create();
  for (let i = 0; i < names.length; i += 50) {
    await Promise.all(names.slice(i, i + 50).map((n) => container.getBlockBlobClient(n).upload('x', 1)));
  }
  const http = { maxRetries: 0, retryDelayMs: 10, timeoutMs: 10_000, concurrency: 4 };
  tiering = new BlobTieringAdapter(
    new BlobAccounts(() => ({ connectionString: azurite.connectionString }), {
      credential: new LocalDevCredential('t'),
      caPem: undefined,
      http,
    }),
    {
      retryRounds: 2,
      retryDelayMs: 1,
    },
  );
}, 120_000);
afterAll(() => azurite?.stop());

async function listAll(prefix = 'dumps/'): Promise<TierBlob[]> {
  const out: TierBlob[] = [];
  for await (const b of tiering.blobs(location, prefix)) out.push(b);
  return out;
}

describe('BlobTieringAdapter over Azurite', () => {
  it('streams every blob with its tier, size and lease state', async () => {
    const leased = container.getBlobClient(names[0] ?? '').getBlobLeaseClient();
    await leased.acquireLease(-1);
    const blobs = await listAll();
    expect(blobs).toHaveLength(names.length);
    expect(blobs[0]).toMatchObject({ name: names[0], size: 1, tier: 'Hot', leased: true, legalHold: false });
    expect(blobs[1]).toMatchObject({ leased: false });
    await leased.releaseLease();
  });

  it('applies more than one batch of tier changes, one result per blob, and the tiers are set', async () => {
    const changes: TierChange[] = names.map((name) => ({ name, action: { kind: 'set-tier', to: 'Cool' } }));
    const results = await tiering.apply(location, changes);
    expect(results).toHaveLength(names.length);
    expect(results.every((r) => r.ok && r.status === 200)).toBe(true);
    const tiers = new Set((await listAll()).map((b) => b.tier));
    expect([...tiers]).toEqual(['Cool']);
  });

  it('a leased blob fails on its own with its code; the rest of its batch succeeds', async () => {
    const lease = container.getBlobClient(names[5] ?? '').getBlobLeaseClient();
    await lease.acquireLease(-1);
    const changes: TierChange[] = names.slice(0, 10).map((name) => ({ name, action: { kind: 'set-tier', to: 'Cold' } }));
    const results = await tiering.apply(location, changes);
    const failed = results.filter((r) => !r.ok);
    expect(failed.map((r) => r.name)).toEqual([names[5]]);
    expect(failed[0]?.status).toBeGreaterThanOrEqual(400);
    expect(results.filter((r) => r.ok)).toHaveLength(9);
    await lease.releaseLease();
  });

  it('a crash halfway, then the whole run again: every change ends done, none applied differently', async () => {
    const changes: TierChange[] = [
      ...names.slice(100, 200).map((name): TierChange => ({ name, action: { kind: 'set-tier', to: 'Archive' } })),
      ...names.slice(200, 230).map((name): TierChange => ({ name, action: { kind: 'delete' } })),
    ];
    // The first run dies after the tier changes: the deletes never left.
    await tiering.apply(location, changes.slice(0, 100));
    const rerun = await tiering.apply(location, changes);
    expect(rerun.every((r) => r.ok)).toBe(true);
    const after = await listAll();
    expect(after.filter((b) => b.tier === 'Archive').map((b) => b.name)).toEqual(names.slice(100, 200));
    expect(after.some((b) => names.slice(200, 230).includes(b.name))).toBe(false);
    // And once more: deleting what is gone counts as done (404), so a third run is quiet too.
    expect((await tiering.apply(location, changes.slice(100))).every((r) => r.ok && r.status === 404)).toBe(true);
  });
});
