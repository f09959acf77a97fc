// Velero's layout in its backup storage location: <prefix>backups/<backup name>/velero-backup.json holds the Backup
// object as Velero last saw it — `status.phase` (Completed, PartiallyFailed, Failed, …) and the timestamps — next to
// the tarball and logs. Only the JSON is read, and only as many of them as the verdict needs.
import type { Artifact, BlobItem } from './artifact.js';

const FILE = 'velero-backup.json';

/** The backup name when `blobName` is `<prefix><name>/velero-backup.json`, else undefined. */
export function veleroBackupName(blobName: string, prefix: string): string | undefined {
  if (!blobName.startsWith(prefix)) return undefined;
  const rest = blobName.slice(prefix.length).split('/');
  return rest.length === 2 && rest[1] === FILE && rest[0] !== '' ? rest[0] : undefined;
}

/**
 * One backup from its velero-backup.json. Its time is `status.completionTimestamp`; a Completed backup without one
 * falls back to `startTimestamp` (older, so never flattering), then to the blob's last-modified time. A file that is
 * not a Backup object is `unreadable`: listed in the reason, never counted.
 */
export function parseVeleroBackup(text: string, blob: BlobItem): Artifact {
  const folder = blob.name.split('/').slice(-2)[0] ?? blob.name;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { name: folder, time: blob.lastModified, state: 'unreadable' };
  }
  const record = (v: unknown): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const root = record(doc);
  const status = record(root.status);
  const name = typeof record(root.metadata).name === 'string' ? (record(root.metadata).name as string) : folder;
  if (root.kind !== 'Backup' || typeof status.phase !== 'string') return { name, time: blob.lastModified, state: 'unreadable' };
  const when = (v: unknown): Date | undefined => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v) : undefined);
  const time = when(status.completionTimestamp) ?? when(status.startTimestamp) ?? blob.lastModified;
  return { name, time, state: status.phase };
}
