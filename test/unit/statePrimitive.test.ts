// The state primitive over the in-memory state store (the blob adapter's own contract: test/adapters/stateStore.test.ts
// and statePrimitive.test.ts on Azurite): typed documents with versions and migration, errors naming key and field,
// bounded retries, create-if-absent, the lease and the watermark protocol.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  advanceWatermark,
  Documents,
  keep,
  Leases,
  retryPolicy,
  RetryExhaustedError,
  StateDocumentError,
  write,
  type DocumentType,
} from '../../shared/state/index.js';
import { MemoryStateStore } from '../support/fakes/memoryStateStore.js';

interface Mark {
  readonly version: 2;
  readonly watermark: string;
  readonly seen: number;
}
// Version 1 (and the unversioned shape before it) called the field `done`.
const MARK: DocumentType<Mark> = {
  name: 'watermark',
  version: 2,
  schema: z.looseObject({ version: z.literal(2), watermark: z.iso.datetime(), seen: z.number().int().min(0) }),
  migrate: (v) => ({ version: 2, watermark: v.watermark ?? v.done, seen: v.seen ?? 0 }),
};
const noWait = retryPolicy({ rounds: 4, sleep: () => Promise.resolve(), random: () => 0 });

describe('typed documents', () => {
  it('reads a document written before versions existed, migrating it, and writes the version back', async () => {
    const store = new MemoryStateStore();
    await store.create('m.json', { done: '2026-12-01T00:00:00.000Z' });
    const docs = new Documents(store, MARK, noWait);
    expect((await docs.read('m.json'))?.value).toEqual({ version: 2, watermark: '2026-12-01T00:00:00.000Z', seen: 0 });
    await docs.update('m.json', (m) => write({ ...m!, seen: 1 }, undefined));
    expect(store.value('m.json')).toMatchObject({ version: 2, seen: 1 });
  });
  it.each<[unknown, string]>([
    [
      [1, 2],
      'state document "m.json" is not a valid document: (the document): a watermark must be a JSON object; fix or delete the document',
    ],
    [
      { version: 2, watermark: 'yesterday', seen: 0 },
      'state document "m.json" is not a valid document: watermark: Invalid ISO datetime; fix or delete the document',
    ],
    [
      { version: 3, watermark: '2026-12-01T00:00:00Z', seen: 0 },
      'state document "m.json" is not a valid document: version: is 3; this code reads watermark documents up to version 2; fix or delete the document',
    ],
  ])('a bad stored document is an error naming the key and the field, never overwritten: %j', async (value, message) => {
    const store = new MemoryStateStore();
    await store.create('m.json', value);
    const docs = new Documents(store, MARK, noWait);
    const error = await docs
      .update('m.json', () => write({ version: 2, watermark: '2026-12-02T00:00:00Z', seen: 9 }, undefined))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateDocumentError);
    expect((error as Error).message).toBe(message);
    expect(store.value('m.json')).toEqual(value);
  });
});

describe('update', () => {
  it('decides again on what the rival wrote after a lost race, and keeps its change', async () => {
    const store = new MemoryStateStore();
    const docs = new Documents(store, MARK, noWait);
    await docs.createIfAbsent('m.json', { version: 2, watermark: '2026-12-01T00:00:00Z', seen: 0 });
    let raced = false;
    store.beforeWrite = async () => {
      if (raced) return;
      raced = true;
      const d = await store.read('m.json');
      await store.replace('m.json', { ...(d!.value as object), seen: 10 }, d!.etag);
    };
    const result = await docs.update('m.json', (m) => write({ ...m!, seen: m!.seen + 1 }, m!.seen + 1));
    expect(result).toBe(11);
    expect(store.value('m.json')).toMatchObject({ seen: 11 });
  });
  it('a decision to keep writes nothing', async () => {
    const store = new MemoryStateStore();
    const docs = new Documents(store, MARK, noWait);
    expect(await docs.update('m.json', () => keep('nothing'))).toBe('nothing');
    expect(store.writes).toEqual([]);
  });
  it('gives up after the policy’s rounds, and waits a jittered, growing pause between them', async () => {
    const store = new MemoryStateStore();
    const pauses: number[] = [];
    const docs = new Documents(
      store,
      MARK,
      retryPolicy({ rounds: 4, baseDelayMs: 10, maxDelayMs: 25, random: () => 0.5, sleep: (ms) => (pauses.push(ms), Promise.resolve()) }),
    );
    await docs.createIfAbsent('m.json', { version: 2, watermark: '2026-12-01T00:00:00Z', seen: 0 });
    store.beforeWrite = async () => {
      const d = await store.read('m.json');
      store.beforeWrite = undefined;
      await store.replace('m.json', d!.value, d!.etag);
      store.beforeWrite = rival;
    };
    const rival = store.beforeWrite;
    await expect(docs.update('m.json', (m) => write({ ...m!, seen: 1 }, undefined))).rejects.toBeInstanceOf(RetryExhaustedError);
    expect(pauses).toEqual([5, 10, 12.5]);
  });
  it('create-if-absent writes once and leaves an existing document alone', async () => {
    const store = new MemoryStateStore();
    const docs = new Documents(store, MARK, noWait);
    expect(await docs.createIfAbsent('m.json', { version: 2, watermark: '2026-12-01T00:00:00Z', seen: 1 })).toBeDefined();
    expect(await docs.createIfAbsent('m.json', { version: 2, watermark: '2026-12-02T00:00:00Z', seen: 2 })).toBeUndefined();
    expect(store.value('m.json')).toMatchObject({ seen: 1 });
  });
});

describe('leases', () => {
  it('one owner at a time until it expires; renew and release only by the owner', async () => {
    let now = new Date('2026-12-02T00:00:00Z');
    const leases = new Leases(new MemoryStateStore(), () => now, noWait);
    expect(await leases.take('l.json', 'a', 60_000)).toMatchObject({ owner: 'a' });
    expect(await leases.take('l.json', 'b', 60_000)).toBeUndefined();
    expect(await leases.renew('l.json', 'b', 60_000)).toBeUndefined();
    expect(await leases.renew('l.json', 'a', 120_000)).toMatchObject({ expiresAt: '2026-12-02T00:02:00.000Z' });
    now = new Date('2026-12-02T00:03:00Z'); // a's process died: its lease expires, b takes it
    expect(await leases.take('l.json', 'b', 60_000)).toMatchObject({ owner: 'b' });
    expect(await leases.release('l.json', 'a')).toBe(false);
    expect(await leases.release('l.json', 'b')).toBe(true);
    expect(await leases.take('l.json', 'c', 60_000)).toMatchObject({ owner: 'c' });
  });
});

describe('the watermark protocol', () => {
  it('advances only after the window is processed; a failed window leaves it where it was', async () => {
    const store = new MemoryStateStore();
    const docs = new Documents(store, MARK, noWait);
    const next: Mark = { version: 2, watermark: '2026-12-02T00:15:00.000Z', seen: 1 };
    await expect(advanceWatermark(docs, 'w.json', () => Promise.reject(new Error('publish failed')))).rejects.toThrow('publish failed');
    expect(store.value('w.json')).toBeUndefined();
    expect(await advanceWatermark(docs, 'w.json', () => Promise.resolve({ next, result: 'ok' }))).toEqual({ result: 'ok', advanced: true });
  });
  it('never moves back: a tick that lost to a later one changes nothing', async () => {
    const store = new MemoryStateStore();
    const docs = new Documents(store, MARK, noWait);
    await docs.createIfAbsent('w.json', { version: 2, watermark: '2026-12-02T00:00:00.000Z', seen: 0 });
    const later: Mark = { version: 2, watermark: '2026-12-02T00:30:00.000Z', seen: 2 };
    const earlier: Mark = { version: 2, watermark: '2026-12-02T00:15:00.000Z', seen: 1 };
    const r = await advanceWatermark(docs, 'w.json', async () => {
      await advanceWatermark(docs, 'w.json', () => Promise.resolve({ next: later, result: undefined }));
      return { next: earlier, result: undefined };
    });
    expect(r.advanced).toBe(false);
    expect(store.value('w.json')).toMatchObject({ watermark: later.watermark });
  });
});
