// A claim on some work, held by one owner until it expires: taken if absent or expired, renewed by its owner,
// released early. Expiry (not deletion) is what frees a lease a dead process held, so nothing waits on it forever.
import { z } from 'zod';
import type { StateStore } from '../usecases/ports.js';
import type { DocumentType } from './document.js';
import { Documents, keep, write } from './documents.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';

export interface Lease {
  readonly version: 1;
  readonly owner: string;
  readonly acquiredAt: string;
  readonly expiresAt: string;
}

const iso = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 time');
export const LEASE: DocumentType<Lease> = {
  name: 'lease',
  version: 1,
  schema: z.looseObject({ version: z.literal(1), owner: z.string().min(1), acquiredAt: iso, expiresAt: iso }),
};

/** Held: someone owns it and it has not expired at `now`. */
export const leaseHeld = (lease: Lease | undefined, now: Date): lease is Lease =>
  lease !== undefined && Date.parse(lease.expiresAt) > now.getTime();

export class Leases {
  private readonly docs: Documents<Lease>;

  constructor(
    store: StateStore,
    private readonly now: () => Date,
    retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.docs = new Documents(store, LEASE, retry);
  }

  /** Takes the lease for `holdMs` if it is free (absent, expired, or already `owner`'s); undefined when another holds it. */
  take(key: string, owner: string, holdMs: number): Promise<Lease | undefined> {
    return this.docs.update(key, (current) => {
      const now = this.now();
      if (leaseHeld(current, now) && current.owner !== owner) return keep(undefined);
      const acquiredAt = current?.owner === owner && leaseHeld(current, now) ? current.acquiredAt : now.toISOString();
      const lease: Lease = { version: 1, owner, acquiredAt, expiresAt: new Date(now.getTime() + holdMs).toISOString() };
      return write(lease, lease);
    });
  }

  /** Extends `owner`'s lease; undefined when it is no longer theirs (expired and taken, or never held). */
  renew(key: string, owner: string, holdMs: number): Promise<Lease | undefined> {
    return this.docs.update(key, (current) => {
      const now = this.now();
      if (!leaseHeld(current, now) || current.owner !== owner) return keep(undefined);
      const lease: Lease = { ...current, expiresAt: new Date(now.getTime() + holdMs).toISOString() };
      return write(lease, lease);
    });
  }

  /** Gives the lease up at once (it expires now); false when it was not `owner`'s to give. */
  release(key: string, owner: string): Promise<boolean> {
    return this.docs.update(key, (current) => {
      const now = this.now();
      if (!leaseHeld(current, now) || current.owner !== owner) return keep(false);
      return write({ ...current, expiresAt: now.toISOString() }, true);
    });
  }

  read(key: string): Promise<Lease | undefined> {
    return this.docs.read(key).then((s) => s?.value);
  }
}
