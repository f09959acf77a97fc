// The StateStore port in memory, with the blob adapter's contract: every write conditional on an ETag, a fresh ETag
// per write, values stored as JSON (so a Date comes back as a string, as from a blob), keys listed in order.
// `beforeWrite` runs before each create/replace: a test makes it throw to simulate a process that dies between two
// writes (nothing of that write lands), or awaits in it to interleave two writers.
import { ConcurrencyError, type StateStore, type StoredDocument } from '../../../shared/usecases/ports.js';

export class MemoryStateStore implements StateStore {
  private readonly docs = new Map<string, { readonly json: string; readonly etag: string }>();
  private version = 0;
  /** Every successful write, in order: what a test asserts "state written" on. */
  readonly writes: { readonly op: 'create' | 'replace'; readonly key: string }[] = [];
  beforeWrite?: (key: string) => void | Promise<void>;

  read(key: string): Promise<StoredDocument | undefined> {
    const doc = this.docs.get(key);
    return Promise.resolve(doc && { value: JSON.parse(doc.json) as unknown, etag: doc.etag });
  }

  async create(key: string, value: unknown): Promise<string> {
    await this.beforeWrite?.(key);
    if (this.docs.has(key)) throw new ConcurrencyError(key);
    return this.put('create', key, value);
  }

  async replace(key: string, value: unknown, etag: string): Promise<string> {
    await this.beforeWrite?.(key);
    // A document that vanished fails If-Match as well (412 from Blob storage).
    if (this.docs.get(key)?.etag !== etag) throw new ConcurrencyError(key);
    return this.put('replace', key, value);
  }

  list(prefix: string): Promise<string[]> {
    return Promise.resolve([...this.docs.keys()].filter((k) => k.startsWith(prefix)).sort());
  }

  /** The stored value (undefined when absent), for assertions. */
  value<T = unknown>(key: string): T | undefined {
    const doc = this.docs.get(key);
    return doc && (JSON.parse(doc.json) as T);
  }

  private put(op: 'create' | 'replace', key: string, value: unknown): string {
    const etag = `"${++this.version}"`;
    this.docs.set(key, { json: JSON.stringify(value), etag });
    this.writes.push({ op, key });
    return etag;
  }
}
