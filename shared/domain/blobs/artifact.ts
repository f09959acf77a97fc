// The two shapes every blob-source reader shares: a listed blob, and the backup it is part of.

export interface BlobItem {
  readonly name: string;
  readonly size: number;
  readonly lastModified: Date;
}

/** One backup found in a source. Only `Completed` counts as restorable; any other state is named in the reason. */
export interface Artifact {
  readonly name: string;
  readonly time: Date;
  /** `Completed`, a Velero phase (`PartiallyFailed`, `Failed`, …), `empty` (0 bytes) or `unreadable`. */
  readonly state: string;
}
