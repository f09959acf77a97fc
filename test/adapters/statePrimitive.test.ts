// The state primitive over the real blob state store on Azurite: 20 writers incrementing one counter at once lose no
// update, and a writer that loses every round gives up after the policy's rounds with RetryExhaustedError.
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type AzuriteInstance } from '../../sandbox/host/index.js';
import { LocalDevCredential } from '../../shared/adapters/arm/credential.js';
import { createBlobServiceClient } from '../../shared/adapters/storage/blobClient.js';
import { BlobStateStore } from '../../shared/adapters/storage/stateStore.js';
import { Documents, RetryExhaustedError, retryPolicy, write, type DocumentType } from '../../shared/state/index.js';

interface Counter {
  readonly version: 1;
  readonly n: number;
  readonly writers: readonly string[];
}
const COUNTER: DocumentType<Counter> = {
  name: 'counter',
  version: 1,
  schema: z.looseObject({ version: z.literal(1), n: z.number().int(), writers: z.array(z.string()) }),
};

let azurite: AzuriteInstance;
let store: BlobStateStore;

beforeAll(async () => {
  azurite = await startAzurite();
  const client = createBlobServiceClient(
    { connectionString: azurite.connectionString },
    {
      credential: new LocalDevCredential('t'),
      caPem: undefined,
      http: { maxRetries: 1, retryDelayMs: 10, timeoutMs: 10_000, concurrency: 4 },
    },
  );
  store = new BlobStateStore(client.getContainerClient('state'));
});
afterAll(() => azurite?.stop());

describe('Documents.update on Azurite', () => {
  it('20 concurrent writers: every increment lands exactly once, within the bounded rounds', async () => {
    let rounds = 0;
    const docs = new Documents(store, COUNTER, retryPolicy({ rounds: 40, baseDelayMs: 2, maxDelayMs: 50 }));
    const writers = Array.from({ length: 20 }, (_, i) => `w${i}`);
    await Promise.all(
      writers.map((w) =>
        docs.update('counters/one.json', (current) => {
          rounds += 1;
          const now = current ?? { version: 1 as const, n: 0, writers: [] };
          return write({ ...now, n: now.n + 1, writers: [...now.writers, w] }, now.n + 1);
        }),
      ),
    );
    const stored = await docs.read('counters/one.json');
    expect(stored?.value.n).toBe(20);
    expect([...(stored?.value.writers ?? [])].sort()).toEqual([...writers].sort());
    // Lost rounds happened (they raced), and none ran away: at most 40 rounds each.
    expect(rounds).toBeGreaterThan(20);
    expect(rounds).toBeLessThanOrEqual(20 * 40);
  });

  it('a writer that loses every round gives up after the policy’s rounds, naming the document', async () => {
    // Our own port wrapped: before each of this writer's conditional writes, a rival writes the document on Azurite.
    const rivalled = {
      read: (key: string) => store.read(key),
      list: (prefix: string) => store.list(prefix),
      create: (key: string, value: unknown) => store.create(key, value),
      replace: async (key: string, value: unknown, etag: string) => {
        const now = await store.read(key);
        if (now) await store.replace(key, { ...(now.value as object), n: -1 }, now.etag);
        return store.replace(key, value, etag);
      },
    };
    const docs = new Documents(rivalled, COUNTER, retryPolicy({ rounds: 3, baseDelayMs: 1, maxDelayMs: 1 }));
    await docs.createIfAbsent('counters/hot.json', { version: 1, n: 0, writers: [] });
    let attempts = 0;
    const error = await docs
      .update('counters/hot.json', (current) => {
        attempts += 1;
        return write({ version: 1 as const, n: (current?.n ?? 0) + 1, writers: [] }, undefined);
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryExhaustedError);
    expect((error as Error).message).toBe('state document "counters/hot.json": gave up after 3 rounds, each lost to another writer');
    expect(attempts).toBe(3);
  });
});
