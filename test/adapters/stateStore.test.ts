// The blob state store against Azurite with the real @azure/storage-blob client: conditional create and replace,
// the typed "lost the race" error, listing, safe keys, and fail-fast settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobServiceClient } from '@azure/storage-blob';
import { startAzurite, type AzuriteInstance } from '../../sandbox/host/index.js';
import { createBlobServiceClient } from '../../shared/adapters/storage/blobClient.js';
import { BlobStateStore, blobNameFor, resolveStateLocation } from '../../shared/adapters/storage/stateStore.js';
import { LocalDevCredential } from '../../shared/adapters/arm/credential.js';
import { ConfigError } from '../../shared/config/index.js';
import { ConcurrencyError } from '../../shared/usecases/ports.js';

let azurite: AzuriteInstance;
let store: BlobStateStore;
const http = { maxRetries: 1, retryDelayMs: 10, timeoutMs: 10_000, concurrency: 4 };

beforeAll(async () => {
  azurite = await startAzurite();
  const client = createBlobServiceClient(
    { connectionString: azurite.connectionString },
    { credential: new LocalDevCredential('t'), caPem: undefined, http },
  );
  store = new BlobStateStore(client.getContainerClient('state'));
});
afterAll(() => azurite?.stop());

const ID = '/subscriptions/3F2C/resourceGroups/RG-Prod/providers/Microsoft.DataProtection/backupVaults/bv/backupInstances/aks-prod';

describe('BlobStateStore', () => {
  it('creates its container on first use, then reads nothing for a missing key', async () => {
    expect(await store.read('nothing/here.json')).toBeUndefined();
    const containers: string[] = [];
    for await (const c of BlobServiceClient.fromConnectionString(azurite.connectionString).listContainers()) containers.push(c.name);
    expect(containers).toContain('state');
  });

  it('creates once (If-None-Match: *), then replaces only with the current ETag (If-Match)', async () => {
    const etag1 = await store.create('docs/a.json', { n: 1 });
    expect(await store.read('docs/a.json')).toEqual({ value: { n: 1 }, etag: etag1 });

    const lost = await store.create('docs/a.json', { n: 99 }).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(ConcurrencyError);
    expect((lost as ConcurrencyError).key).toBe('docs/a.json');
    expect(((lost as ConcurrencyError).cause as { statusCode?: number }).statusCode).toBe(409);

    const etag2 = await store.replace('docs/a.json', { n: 2 }, etag1);
    expect(etag2).not.toBe(etag1);
    const stale = await store.replace('docs/a.json', { n: 3 }, etag1).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConcurrencyError);
    expect(((stale as ConcurrencyError).cause as { statusCode?: number }).statusCode).toBe(412);
    expect((await store.read('docs/a.json'))?.value).toEqual({ n: 2 });
  });

  it('lets exactly one of two racing writers win', async () => {
    const etag = await store.create('docs/race.json', { winner: null });
    const results = await Promise.allSettled([
      store.replace('docs/race.json', { winner: 'a' }, etag),
      store.replace('docs/race.json', { winner: 'b' }, etag),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected');
    expect(loser?.status === 'rejected' && loser.reason).toBeInstanceOf(ConcurrencyError);
  });

  it('keys ARM ids case-insensitively: two spellings meet in one document', async () => {
    await store.create(`budgets${ID}`, { runs: 1 });
    expect((await store.read(`budgets${ID.toUpperCase()}`))?.value).toEqual({ runs: 1 });
    expect(await store.list('budgets/')).toEqual([`budgets${ID.toLowerCase()}`]);
  });

  it('lists by prefix, in key order', async () => {
    await store.create('list/b.json', 1);
    await store.create('list/a.json', 1);
    await store.create('listing/c.json', 1);
    expect(await store.list('list/')).toEqual(['list/a.json', 'list/b.json']);
    expect(await store.list('list')).toEqual(['list/a.json', 'list/b.json', 'listing/c.json']);
  });
});

describe('blobNameFor', () => {
  it.each([
    [`budgets${ID}`, `budgets${ID.toLowerCase()}`],
    ['rpo/history.json', 'rpo/history.json'],
    ['//a//b/', 'a/b'],
    ['a/../b', 'a/.%2E/b'],
    ['a/./b', 'a/%2E/b'],
    ['runs/name with space?#.', 'runs/name%20with%20space%3F%23%2E'],
  ])('%s → %s', (key, name) => expect(blobNameFor(key)).toBe(name));

  it('refuses an empty or over-long key', () => {
    expect(() => blobNameFor('///')).toThrow(RangeError);
    expect(() => blobNameFor(`a/${'x'.repeat(1100)}`)).toThrow(RangeError);
  });
});

describe('resolveStateLocation', () => {
  const state = (serviceUrl?: string, connectionString?: string) => ({ serviceUrl, connectionString, container: 'state' });
  it('takes exactly one of the two settings, naming both otherwise', () => {
    expect(resolveStateLocation(state('https://acct.blob.core.windows.net'))).toEqual({ serviceUrl: 'https://acct.blob.core.windows.net' });
    expect(resolveStateLocation(state(undefined, 'UseDevelopmentStorage=true'))).toEqual({
      connectionString: 'UseDevelopmentStorage=true',
    });
    expect(() => resolveStateLocation(state())).toThrow(ConfigError);
    expect(() => resolveStateLocation(state())).toThrow(/STATE_BLOB_SERVICE_URL: required[\s\S]*STATE_STORAGE_CONNECTION_STRING/);
    expect(() => resolveStateLocation(state('https://a.blob.core.windows.net', 'UseDevelopmentStorage=true'))).toThrow(
      /STATE_BLOB_SERVICE_URL, STATE_STORAGE_CONNECTION_STRING: set one of them, not both/,
    );
  });
});
