// The in-memory state store must keep the StateStore contract the blob adapter keeps (test/adapters/stateStore.test.ts
// on Azurite): a fake laxer than Azure would let a use-case test pass that fails in production.
import { describe, expect, it } from 'vitest';
import { ConcurrencyError } from '../../shared/usecases/ports.js';
import { MemoryStateStore } from '../support/fakes/index.js';

describe('MemoryStateStore', () => {
  it('create is If-None-Match: *; replace is If-Match on the ETag just read', async () => {
    const s = new MemoryStateStore();
    const e1 = await s.create('a/1', { n: 1 });
    await expect(s.create('a/1', { n: 2 })).rejects.toBeInstanceOf(ConcurrencyError);
    const e2 = await s.replace('a/1', { n: 2 }, e1);
    expect(e2).not.toBe(e1);
    await expect(s.replace('a/1', { n: 3 }, e1)).rejects.toMatchObject({ name: 'ConcurrencyError', key: 'a/1' });
    await expect(s.replace('a/missing', { n: 1 }, e1)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await s.read('a/1')).toEqual({ value: { n: 2 }, etag: e2 });
  });

  it('stores JSON: a Date comes back as a string, and a caller changing its object changes nothing stored', async () => {
    const s = new MemoryStateStore();
    const value = { at: new Date('2026-11-21T00:00:00Z'), list: [1] };
    await s.create('k', value);
    value.list.push(2);
    expect((await s.read('k'))?.value).toEqual({ at: '2026-11-21T00:00:00.000Z', list: [1] });
  });

  it('lists keys by prefix in key order', async () => {
    const s = new MemoryStateStore();
    for (const k of ['b/2', 'a/9', 'b/10', 'b/1']) await s.create(k, {});
    expect(await s.list('b/')).toEqual(['b/1', 'b/10', 'b/2']);
  });

  it('beforeWrite runs before each write; when it throws, nothing is written', async () => {
    const s = new MemoryStateStore();
    const seen: string[] = [];
    s.beforeWrite = (key) => {
      seen.push(key);
      if (key === 'dies') throw new Error('crash');
    };
    await s.create('lives', 1);
    await expect(s.create('dies', 1)).rejects.toThrow('crash');
    expect(seen).toEqual(['lives', 'dies']);
    expect(await s.read('dies')).toBeUndefined();
    expect(s.writes).toEqual([{ op: 'create', key: 'lives' }]);
  });
});
