// Backup blob tiering over @azure/storage-blob: a streamed listing with tiers, leases, legal holds and
// immutability, and Blob Batch for Set Blob Tier and Delete. Batch sub-requests fail one by one: each result is
// read on its own, throttled ones (429/503) are retried with backoff, and "already so" answers count as done.
import type { BlobLocation } from '../../usecases/ports.js';
import type { BlobTierWriter, TierChange, TierChangeResult, TierListing } from '../../usecases/tiering/tieringPorts.js';
import type { TierBlob } from '../../domain/tiering/plan.js';
import { readTier } from '../../domain/tiering/tiers.js';
import type { BlobAccounts } from './blobAccounts.js';

/** Azure's limit on sub-requests in one batch. */
export const BATCH_MAX = 256;
const RETRYABLE = new Set([429, 500, 503]);

export interface TieringWriteOptions {
  /** Rounds of retry for throttled sub-requests. */
  readonly retryRounds: number;
  readonly retryDelayMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export class BlobTieringAdapter implements TierListing, BlobTierWriter {
  constructor(
    private readonly accounts: BlobAccounts,
    private readonly options: TieringWriteOptions,
  ) {}

  async *blobs(location: BlobLocation, prefix: string): AsyncIterable<TierBlob> {
    const container = (await this.accounts.client(location.serviceUrl)).getContainerClient(location.container);
    for await (const item of container.listBlobsFlat({ prefix, includeImmutabilityPolicy: true, includeLegalHold: true })) {
      const p = item.properties;
      yield {
        name: item.name,
        size: p.contentLength ?? 0,
        tier: readTier(p.accessTier),
        lastModified: p.lastModified,
        tierChangedAt: p.accessTierChangedOn,
        leased: p.leaseState === 'leased' || p.leaseStatus === 'locked',
        legalHold: p.legalHold === true,
        immutableUntil: p.immutabilityPolicyExpiresOn,
        archiveStatus: p.archiveStatus,
      };
    }
  }

  async apply(location: BlobLocation, changes: readonly TierChange[]): Promise<TierChangeResult[]> {
    const results = new Map<string, TierChangeResult>();
    for (const group of groups(changes)) {
      for (let i = 0; i < group.length; i += BATCH_MAX) {
        for (const r of await this.applyBatch(location, group.slice(i, i + BATCH_MAX))) results.set(r.name, r);
      }
    }
    return changes.map((c) => results.get(c.name) ?? { name: c.name, ok: false, status: 0, code: 'NotAttempted' });
  }

  private async applyBatch(location: BlobLocation, batch: readonly TierChange[]): Promise<TierChangeResult[]> {
    const container = (await this.accounts.client(location.serviceUrl)).getContainerClient(location.container);
    const done: TierChangeResult[] = [];
    let pending = batch;
    for (let round = 0; pending.length > 0; round++) {
      const action = pending[0]?.action;
      if (!action) break;
      const clients = pending.map((c) => container.getBlobClient(c.name));
      const batchClient = container.getBlobBatchClient();
      const response =
        action.kind === 'delete' ? await batchClient.deleteBlobs(clients) : await batchClient.setBlobsAccessTier(clients, action.to);
      const again: TierChange[] = [];
      response.subResponses.forEach((sub, index) => {
        const change = pending[index];
        if (!change) return;
        if (RETRYABLE.has(sub.status) && round < this.options.retryRounds) again.push(change);
        else done.push(result(change, sub.status, sub.errorCode));
      });
      pending = again;
      if (pending.length > 0) await (this.options.sleep ?? delay)(this.options.retryDelayMs * 2 ** round * (0.5 + Math.random() / 2));
    }
    return done;
  }
}

function result(change: TierChange, status: number, code: string | undefined): TierChangeResult {
  // A delete of a blob already gone is the state we wanted: a re-run after a crash must not count it failed.
  const ok = (status >= 200 && status < 300) || (change.action.kind === 'delete' && status === 404);
  return { name: change.name, ok, status, ...(ok ? {} : { code }) };
}

/** One batch carries one action: Blob Batch sets one tier per request, and deletes go apart. */
function groups(changes: readonly TierChange[]): TierChange[][] {
  const byKey = new Map<string, TierChange[]>();
  for (const c of changes) {
    const key = c.action.kind === 'delete' ? 'delete' : c.action.to;
    const group = byKey.get(key);
    if (group) group.push(c);
    else byKey.set(key, [c]);
  }
  return [...byKey.values()];
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
