// Ports of backup blob tiering: a streamed listing with everything the planner must respect, and a writer that
// applies tier changes and deletes in batches. Adapters: shared/adapters/storage/blobTiering.ts.
import type { TierBlob } from '../../domain/tiering/plan.js';
import type { AccessTier } from '../../domain/tiering/tiers.js';
import type { BlobLocation } from '../ports.js';

export interface TierListing {
  /** Every blob under `prefix`, streamed in name order (never collected: a source may hold millions). */
  blobs(location: BlobLocation, prefix: string): AsyncIterable<TierBlob>;
}

export type TierChangeAction = { readonly kind: 'set-tier'; readonly to: AccessTier } | { readonly kind: 'delete' };

export interface TierChange {
  readonly name: string;
  readonly action: TierChangeAction;
}

export interface TierChangeResult {
  readonly name: string;
  readonly ok: boolean;
  /** The sub-response's status; 0 when the batch itself failed. */
  readonly status: number;
  readonly code?: string | undefined;
}

export interface BlobTierWriter {
  /**
   * Applies the changes with Blob Batch (at most 256 sub-requests per batch, one action per batch). Retries the
   * sub-requests Azure throttled (429/503) with backoff, and reports every change's own result; never throws for a
   * change that failed on its own. A change already in effect (the blob is in that tier, or gone) counts as done,
   * so a re-run after a crash changes nothing twice.
   */
  apply(location: BlobLocation, changes: readonly TierChange[]): Promise<TierChangeResult[]>;
}
