// Blob-landed backups for local mode: Velero backup storage locations, pg_dump files and etcd snapshots seeded into
// Azurite, dated relative to the estate's clock, and the RPO_BLOB_SOURCES that watches them. What each source shows
// at start (with the default targets):
//   velero-prod  ok        newest Completed 8 h old; a newer PartiallyFailed one does not count
//   velero-stage breached  newest Completed 30 h old (target 24 h); newer PartiallyFailed and Failed ones
//   pg-orders    at-risk   newest dump 20 h old (target 1 d); a newer 0-byte dump (the job died) does not count
//   etcd         ok        snapshots dated by their upload time (Azurite's last-modified: the wall clock)
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';

const HOUR = 3_600_000;

/** RPO_BLOB_SOURCES for the seeded containers (all in the state account, so no blobServiceUrl). */
export const SEEDED_BLOB_SOURCES = [
  { name: 'velero-prod', kind: 'velero', container: 'velero', prefix: 'backups/', targetRpo: 'PT24H' },
  { name: 'velero-stage', kind: 'velero', container: 'velero', prefix: 'stage/backups/', targetRpo: 'PT24H' },
  {
    name: 'pg-orders',
    kind: 'file',
    container: 'pgdump',
    prefix: 'orders/',
    pattern: '^orders/orders-(?<time>\\d{8}-\\d{6})\\.sql\\.gz$',
    targetRpo: 'P1D',
  },
  { name: 'etcd', kind: 'file', container: 'etcd', prefix: 'snapshots/', pattern: '\\.db$', targetRpo: 'PT6H' },
] as const;

/** Seeds every container; returns the RPO_BLOB_SOURCES value that watches them. */
export async function seedBlobSources(connectionString: string, now: Date): Promise<string> {
  const service = BlobServiceClient.fromConnectionString(connectionString);
  const velero = await container(service, 'velero');
  const at = (hoursAgo: number): Date => new Date(now.getTime() - hoursAgo * HOUR);
  // Oldest first, as a real location fills up (Azurite stamps each upload with the wall clock).
  for (const [hoursAgo, phase] of [
    [26, 'Completed'],
    [20, 'Failed'],
    [14, 'Completed'],
    [8, 'Completed'],
    [2, 'PartiallyFailed'],
  ] as const) {
    await veleroBackup(velero, 'backups/', 'prod-6h', at(hoursAgo), phase);
  }
  for (const [hoursAgo, phase] of [
    [54, 'Completed'],
    [30, 'Completed'],
    [18, 'Failed'],
    [6, 'PartiallyFailed'],
  ] as const) {
    await veleroBackup(velero, 'stage/backups/', 'stage-daily', at(hoursAgo), phase);
  }

  const pg = await container(service, 'pgdump');
  for (const hoursAgo of [68, 44, 20]) await put(pg, `orders/orders-${stamp(at(hoursAgo), '-')}.sql.gz`, 'pg_dump custom archive (gzip)');
  await put(pg, `orders/orders-${stamp(at(1), '-')}.sql.gz`, ''); // the CronJob died after creating the file
  await put(pg, 'orders/README.txt', 'not a dump: ignored by the pattern');

  const etcd = await container(service, 'etcd');
  for (const hoursAgo of [7, 1]) await put(etcd, `snapshots/etcd-snapshot-${stamp(at(hoursAgo), '_')}.db`, 'etcd snapshot');
  return JSON.stringify(SEEDED_BLOB_SOURCES);
}

async function container(service: BlobServiceClient, name: string): Promise<ContainerClient> {
  const c = service.getContainerClient(name);
  await c.createIfNotExists();
  return c;
}

async function put(c: ContainerClient, name: string, body: string): Promise<void> {
  await c.getBlockBlobClient(name).upload(body, Buffer.byteLength(body));
}

/** What Velero writes for one backup: the Backup object as JSON next to the tarball and logs. */
async function veleroBackup(c: ContainerClient, prefix: string, schedule: string, completed: Date, phase: string): Promise<void> {
  const started = new Date(completed.getTime() - 7 * 60_000);
  const name = `${schedule}-${stamp(started, '')}`;
  const errors = phase === 'Completed' ? 0 : phase === 'PartiallyFailed' ? 2 : 1;
  const backup = {
    kind: 'Backup',
    apiVersion: 'velero.io/v1',
    metadata: { name, namespace: 'velero', labels: { 'velero.io/schedule-name': schedule, 'velero.io/storage-location': 'default' } },
    spec: { includedNamespaces: ['*'], storageLocation: 'default', ttl: '720h0m0s', defaultVolumesToFsBackup: true },
    status: {
      version: 1,
      formatVersion: '1.1.0',
      phase,
      startTimestamp: started.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      completionTimestamp: completed.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      expiration: new Date(completed.getTime() + 30 * 24 * HOUR).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      progress: { totalItems: 812, itemsBackedUp: phase === 'Failed' ? 0 : 812 - errors },
      ...(errors > 0
        ? { errors, failureReason: phase === 'Failed' ? 'error getting backup volume info: context deadline exceeded' : undefined }
        : {}),
    },
  };
  await put(c, `${prefix}${name}/velero-backup.json`, JSON.stringify(backup));
  await put(c, `${prefix}${name}/${name}.tar.gz`, 'tarball');
  await put(c, `${prefix}${name}/${name}-logs.gz`, 'logs');
}

/** 20261121-020000 (sep '-'), 2026-11-21_02-00-00 (sep '_'), 20261121020000 (sep ''). */
function stamp(d: Date, sep: '-' | '_' | ''): string {
  const iso = d.toISOString();
  const [date = '', time = ''] = [iso.slice(0, 10), iso.slice(11, 19)];
  if (sep === '_') return `${date}_${time.replace(/:/g, '-')}`;
  return `${date.replace(/-/g, '')}${sep}${time.replace(/:/g, '')}`;
}
