// Blob-landed backups read with the real @azure/storage-blob client from Azurite, seeded as in local mode
// (sandbox/blobSeed.ts): Velero's layout, pg_dump files with timestamps in their names, etcd snapshots dated by
// last-modified, and a source that cannot be read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBlobSources } from '../../sandbox/blobSeed.js';
import { startAzurite, type AzuriteInstance } from '../../sandbox/host/index.js';
import { BlobSourceReader } from '../../shared/adapters/storage/blobSources.js';
import { BlobAccounts } from '../../shared/adapters/storage/blobAccounts.js';
import { LocalDevCredential } from '../../shared/adapters/arm/credential.js';
import { parseConfig } from '../../shared/config/index.js';
import type { BlobSourceSettings } from '../../shared/config/monitor.js';
import { BlobSourceChecker, type BlobSourceReport } from '../../shared/usecases/rpo/blobSources.js';
import type { BlobLocation, BlobReader } from '../../shared/usecases/ports.js';

let azurite: AzuriteInstance;
let sources: readonly BlobSourceSettings[];
const now = new Date(Math.floor(Date.now() / 1000) * 1000);
const http = { maxRetries: 0, retryDelayMs: 10, timeoutMs: 10_000, concurrency: 4 };

beforeAll(async () => {
  azurite = await startAzurite();
  const json = await seedBlobSources(azurite.connectionString, now);
  sources = parseConfig({ AZURE_SUBSCRIPTION_IDS: '11111111-1111-1111-1111-111111111111', RPO_BLOB_SOURCES: json }).monitor.blobSources;
});
afterAll(() => azurite?.stop());

/** The real reader, counting what it reads (the Velero rule: only as many velero-backup.json as the verdict needs). */
function counting(reader: BlobReader): BlobReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    list: (location, prefix) => reader.list(location, prefix),
    readText: (location: BlobLocation, name: string) => {
      reads.push(name);
      return reader.readText(location, name);
    },
  };
}
const reader = (connectionString = azurite.connectionString) =>
  new BlobSourceReader(new BlobAccounts(() => ({ connectionString }), { credential: new LocalDevCredential('t'), caPem: undefined, http }));
/** Judged at the seed's instant; sources dated by last-modified need the wall clock (Azurite stamps uploads with it). */
const check = async (r: BlobReader, list = sources, at = (): Date => now): Promise<Record<string, BlobSourceReport>> =>
  Object.fromEntries((await new BlobSourceChecker(r, list, { now: at }, { atRiskShare: 0.8 }).run()).map((s) => [s.name, s]));
const wall = (): Date => new Date();

describe('BlobSourceChecker over Azurite', () => {
  it('judges each seeded source; Velero counts only Completed backups and reads no further than the first one', async () => {
    const r = counting(reader());
    const got = await check(r);
    expect(got['velero-prod']).toMatchObject({
      id: 'blob://velero-prod',
      kind: 'velero',
      verdict: 'ok',
      ageSeconds: 8 * 3600,
      targetRpo: 'P1D',
      location: 'velero/backups/',
    });
    expect(got['velero-prod']!.reason).toMatch(
      /PT8H old, within the P1D target \(prod-6h-\d{14}\); the newer backup prod-6h-\d{14} is PartiallyFailed and does not count$/,
    );
    expect(got['velero-stage']).toMatchObject({ verdict: 'breached', ageSeconds: 30 * 3600 });
    expect(got['velero-stage']!.reason).toMatch(
      /P1DT6H old, over the P1D target .*is PartiallyFailed and does not count \(and 1 more newer ones\)$/,
    );
    // Only Velero's JSON is read, never tarballs or logs (how many depends on last-modified: see the next test).
    expect(r.reads.length).toBeGreaterThanOrEqual(2);
    expect(r.reads.every((n) => n.endsWith('/velero-backup.json'))).toBe(true);
  });

  it('reads only the velero-backup.json files that can matter, and is not fooled by a copied location', async () => {
    // A plain in-memory BlobReader (the port, not an Azure client), to control last-modified times.
    const at = (h: number): Date => new Date(now.getTime() - h * 3600_000);
    const file = (name: string, h: number, phase: string, written = at(h)) => ({
      blob: { name: `backups/${name}/velero-backup.json`, size: 100, lastModified: written },
      text: JSON.stringify({ kind: 'Backup', metadata: { name }, status: { phase, completionTimestamp: at(h).toISOString() } }),
    });
    const memory = (files: ReturnType<typeof file>[]) =>
      counting({
        list: () => Promise.resolve(files.map((f) => f.blob)),
        readText: (_l, name) => Promise.resolve(files.find((f) => f.blob.name === name)!.text),
      });
    const source = [{ ...sources[0]!, name: 'v' }];
    const history = [
      file('b26', 26, 'Completed'),
      file('b14', 14, 'Completed'),
      file('b8', 8, 'Completed'),
      file('b2', 2, 'PartiallyFailed'),
    ];
    const live = memory(history);
    expect((await check(live, source)).v).toMatchObject({ verdict: 'ok', artifact: 'b8', ageSeconds: 8 * 3600 });
    expect(live.reads).toEqual(['backups/b2/velero-backup.json', 'backups/b8/velero-backup.json']);

    // After an azcopy every file carries the copy time, in no useful order: read on rather than trust it.
    const copied = memory(history.map((f) => ({ ...f, blob: { ...f.blob, lastModified: at(0) } })));
    expect((await check(copied, source)).v).toMatchObject({ verdict: 'ok', artifact: 'b8' });
    expect(copied.reads).toHaveLength(4);
  });

  it('file kind: dated by the name pattern, a 0-byte dump does not count, other files are ignored', async () => {
    const got = await check(reader());
    expect(got['pg-orders']).toMatchObject({
      verdict: 'at-risk',
      ageSeconds: 20 * 3600,
      latestRecoveryPoint: new Date(now.getTime() - 20 * 3600_000).toISOString(),
    });
    expect(got['pg-orders']!.artifact).toMatch(/^orders\/orders-\d{8}-\d{6}\.sql\.gz$/);
    expect(got['pg-orders']!.reason).toContain('is empty (0 bytes) and does not count');
  });

  it('file kind without a time group: dated by last-modified', async () => {
    const got = await check(reader(), sources, wall);
    expect(got.etcd).toMatchObject({ verdict: 'ok', targetRpo: 'PT6H' });
    expect(Math.abs(got.etcd!.ageSeconds!)).toBeLessThan(120); // uploaded moments ago, whatever the name says
  });

  it('a missing container or an empty prefix is unknown with the reason; the other sources are still judged', async () => {
    const broken: BlobSourceSettings[] = [
      { ...sources[0]!, name: 'gone', container: 'no-such-container' },
      { ...sources[2]!, name: 'empty', prefix: 'nothing-here/' },
      sources[3]!,
    ];
    const got = await check(reader(), broken, wall);
    expect(got.gone).toMatchObject({ verdict: 'unknown', artifact: null });
    expect(got.gone!.reason).toMatch(/^no-such-container\/backups\/ could not be read: .*ContainerNotFound|container does not exist/i);
    expect(got.empty).toMatchObject({ verdict: 'unknown', reason: 'no backup found under pgdump/nothing-here/' });
    expect(got.etcd?.verdict).toBe('ok');
  });

  it('reaches a source in another emulator account by URL, signed with the key from the state connection string', async () => {
    const got = await check(reader(), [{ ...sources[3]!, serviceUrl: azurite.blobEndpoint }], wall);
    expect(got.etcd).toMatchObject({ verdict: 'ok', location: `${azurite.blobEndpoint}/etcd/snapshots/` });
  });

  it('names the missing key for a plain-http source when state is identity-based', async () => {
    const r = new BlobSourceReader(
      new BlobAccounts(() => ({ serviceUrl: 'https://acct.blob.core.windows.net' }), {
        credential: new LocalDevCredential('t'),
        caPem: undefined,
        http,
      }),
    );
    const got = await check(r, [{ ...sources[3]!, serviceUrl: azurite.blobEndpoint }]);
    expect(got.etcd).toMatchObject({ verdict: 'unknown' });
    expect(got.etcd!.reason).toContain('STATE_STORAGE_CONNECTION_STRING');
  });
});
