// What a blob is to the backup tool that wrote it, which decides what tiering may ever do with it. Velero keeps its
// backup metadata under backups/ and volume data in a Kopia (or Restic) repository beside it; only Kopia's `p`
// pack blobs are bulk data that can live in an online cool tier. Everything else is read on every backup or
// maintenance run, or by Velero's own sync, and stays Hot.
export type BlobRole =
  /** A whole backup in one blob (pg_dump, etcd snapshot): tiered and deleted by age, newest K kept. */
  | { readonly kind: 'file-backup' }
  /** Velero's backups/<name>/…: the restore needs it at once, and Velero's sync reads it. */
  | { readonly kind: 'velero-metadata'; readonly backup: string }
  /** Kopia pack blob (`p…`): may go Cool or Cold by age, never Archive (Kopia's full maintenance reads every pack). */
  | { readonly kind: 'kopia-pack' }
  /** Kopia index, manifests, session and format blobs (`q`, `x`, `n`, `s`, `kopia.*`). */
  | { readonly kind: 'kopia-metadata' }
  /** Restic repositories are never tiered: restic reads pack headers during prune and check. */
  | { readonly kind: 'restic' }
  /** Anything else in the container (restores/, other tools' files): not the app's to change. */
  | { readonly kind: 'foreign' };

/** The repository root of a Velero source: its `prefix` without the trailing `backups/`. */
export function veleroRoot(prefix: string): string {
  return prefix.replace(/backups\/?$/, '');
}

export function veleroRole(name: string, prefix: string): BlobRole {
  const root = veleroRoot(prefix);
  if (!name.startsWith(root)) return { kind: 'foreign' };
  const rest = name.slice(root.length);
  const backup = /^backups\/([^/]+)\//.exec(rest);
  if (backup?.[1] !== undefined) return { kind: 'velero-metadata', backup: backup[1] };
  if (rest.startsWith('restic/')) return { kind: 'restic' };
  if (rest.startsWith('kopia/')) {
    const base = rest.slice(rest.lastIndexOf('/') + 1);
    if (base.startsWith('kopia.')) return { kind: 'kopia-metadata' };
    return base.startsWith('p') ? { kind: 'kopia-pack' } : { kind: 'kopia-metadata' };
  }
  return { kind: 'foreign' };
}

export function fileRole(name: string, prefix: string, pattern: RegExp | undefined): BlobRole {
  if (!name.startsWith(prefix)) return { kind: 'foreign' };
  // The pattern is matched against the whole name, as the RPO check reads the same source (fileArtifacts).
  if (name.endsWith('/') || (pattern && !pattern.test(name))) return { kind: 'foreign' };
  return { kind: 'file-backup' };
}
