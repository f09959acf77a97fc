// Read → decide → conditional write, once, for every state document (Powertools' persistence layer in spirit): the
// decision is a pure function of the stored document, the write is If-Match on the ETag it saw (If-None-Match: * when
// there was none), and a lost race re-reads and decides again under the one bounded, jittered retry policy.
import { ConcurrencyError, type StateStore } from '../usecases/ports.js';
import { decode, encode, type DocumentType } from './document.js';
import { backoffMs, DEFAULT_RETRY, RetryExhaustedError, type RetryPolicy } from './retry.js';

/** A document as read, with the ETag a conditional write must present. */
export interface Snapshot<T> {
  readonly value: T;
  readonly etag: string;
}

/** What to do with the document: write `write` (a new value), or leave it as it is (nothing changed, or abort). */
export type Decision<T, R> = { readonly write: T; readonly result: R } | { readonly write?: undefined; readonly result: R };
export const write = <T, R>(value: T, result: R): Decision<T, R> => ({ write: value, result });
export const keep = <R>(result: R): Decision<never, R> => ({ result });

export interface Committed<T, R> {
  readonly result: R;
  /** The document as stored afterwards: the one written, or the one the decision left alone (undefined: none). */
  readonly snapshot: Snapshot<T> | undefined;
  readonly wrote: boolean;
}

export interface CommitOptions<T> {
  /** A read already made (undefined inside: known absent): the first round decides on it instead of reading again. */
  readonly from?: { readonly snapshot: Snapshot<T> | undefined };
}

export class Documents<T> {
  constructor(
    readonly store: StateStore,
    readonly type: DocumentType<T>,
    readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  async read(key: string): Promise<Snapshot<T> | undefined> {
    const doc = await this.store.read(key);
    return doc && { value: decode(this.type, key, doc.value), etag: doc.etag };
  }

  /** `decide` on the stored document until its decision holds; returns the decision's result. */
  async update<R>(key: string, decide: (current: T | undefined) => Decision<T, R>, options?: CommitOptions<T>): Promise<R> {
    return (await this.commit(key, decide, options)).result;
  }

  /** As update, and also the document as stored afterwards (its ETag for a later conditional write). */
  async commit<R>(key: string, decide: (current: T | undefined) => Decision<T, R>, options?: CommitOptions<T>): Promise<Committed<T, R>> {
    let snapshot = options?.from ? options.from.snapshot : await this.read(key);
    for (let round = 1; ; round++) {
      const decision = decide(snapshot?.value);
      if (decision.write === undefined) return { result: decision.result, snapshot, wrote: false };
      try {
        const etag = await this.put(key, decision.write, snapshot?.etag);
        return { result: decision.result, snapshot: { value: decision.write, etag }, wrote: true };
      } catch (e) {
        if (!(e instanceof ConcurrencyError)) throw e;
        if (round >= this.retry.rounds) throw new RetryExhaustedError(key, round, { cause: e });
        await this.retry.sleep(backoffMs(this.retry, round));
      }
      snapshot = await this.read(key);
    }
  }

  /** Writes `value` only if no document exists; undefined when one does (it is left as it is). */
  async createIfAbsent(key: string, value: T): Promise<Snapshot<T> | undefined> {
    try {
      return { value, etag: await this.put(key, value, undefined) };
    } catch (e) {
      if (e instanceof ConcurrencyError) return undefined;
      throw e;
    }
  }

  /** One conditional write: If-Match `etag`, or If-None-Match: * without one. ConcurrencyError when it lost. */
  put(key: string, value: T, etag: string | undefined): Promise<string> {
    const stored = encode(this.type, value);
    return etag === undefined ? this.store.create(key, stored) : this.store.replace(key, stored, etag);
  }
}
