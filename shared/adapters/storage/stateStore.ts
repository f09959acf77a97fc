// The app's state: JSON documents in one blob container (default `state`), every write conditional on the ETag that
// was read (If-Match) or on the document not existing yet (If-None-Match: *). Losing that race is a typed
// ConcurrencyError (409 or 412), never a silent overwrite. Identity-based in Azure (STATE_BLOB_SERVICE_URL and the
// app's credential); a connection string only for the loopback emulator (Azurite) in local mode.
import type { ContainerClient } from '@azure/storage-blob';
import { ConfigError, type AppConfig } from '../../config/index.js';
import { ConcurrencyError, type StateStore, type StoredDocument } from '../../usecases/ports.js';
import { onceAsync } from '../../util/once.js';
import { restStatus } from '../restError.js';

export type StorageLocation = { readonly serviceUrl: string } | { readonly connectionString: string };

/** Exactly one of the two state settings, or a ConfigError naming both (asked for when a feature needing state is built). */
export function resolveStateLocation(state: AppConfig['monitor']['state']): StorageLocation {
  const { serviceUrl, connectionString } = state;
  if (serviceUrl && connectionString) {
    throw new ConfigError(['STATE_BLOB_SERVICE_URL, STATE_STORAGE_CONNECTION_STRING: set one of them, not both']);
  }
  if (serviceUrl) return { serviceUrl };
  if (connectionString) return { connectionString };
  throw new ConfigError([
    'STATE_BLOB_SERVICE_URL: required for the RPO monitor (the blob service that keeps its state, https://<account>.blob.core.windows.net); ' +
      'locally STATE_STORAGE_CONNECTION_STRING instead',
  ]);
}

const MAX_BLOB_NAME = 1024;

/**
 * The blob name for a key such as `rpo/history.json` or `budgets/<ARM id>`: lower-cased (ARM ids compare
 * case-insensitively, so two spellings of one id must meet in one document), empty segments dropped, each segment
 * percent-encoded so no id can climb out of its folder or end in a dot.
 */
export function blobNameFor(key: string): string {
  const segments = key
    .toLowerCase()
    .split('/')
    .filter((s) => s !== '')
    .map((s) => encodeURIComponent(s).replace(/\.$/, '%2E').replace(/^\.$/, '%2E'));
  const name = segments.join('/');
  if (name === '' || name.length > MAX_BLOB_NAME)
    throw new RangeError(`state key "${key}" is empty or longer than ${MAX_BLOB_NAME} characters`);
  return name;
}

const keyOf = (blobName: string): string => blobName.split('/').map(decodeURIComponent).join('/');

export class BlobStateStore implements StateStore {
  /**
   * The container, created on first use (once per process; a failure is tried again on the next call). Existence is
   * checked first: an identity whose role is scoped to the container itself may read it but not create containers.
   */
  private readonly ensureContainer: () => Promise<ContainerClient>;

  /** `container` or how to get it on first use (the composition root's way: the SDK loads when state is first touched). */
  constructor(container: ContainerClient | (() => Promise<ContainerClient>)) {
    this.ensureContainer = onceAsync(async () => {
      const client = typeof container === 'function' ? await container() : container;
      if (!(await client.exists())) await client.createIfNotExists();
      return client;
    });
  }

  async read(key: string): Promise<StoredDocument | undefined> {
    const container = await this.ensureContainer();
    try {
      // One GET: the ETag comes with the very bytes it describes.
      const res = await container.getBlockBlobClient(blobNameFor(key)).download();
      const chunks: Buffer[] = [];
      for await (const chunk of res.readableStreamBody ?? []) chunks.push(Buffer.from(chunk as Buffer));
      return { value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown, etag: res.etag ?? '' };
    } catch (e) {
      if (restStatus(e) === 404) return undefined;
      throw e;
    }
  }

  create(key: string, value: unknown): Promise<string> {
    return this.write(key, value, { ifNoneMatch: '*' });
  }

  replace(key: string, value: unknown, etag: string): Promise<string> {
    return this.write(key, value, { ifMatch: etag });
  }

  async list(prefix: string): Promise<string[]> {
    const container = await this.ensureContainer();
    const keys: string[] = [];
    const blobPrefix = prefix === '' ? '' : blobNameFor(prefix) + (prefix.endsWith('/') ? '/' : '');
    for await (const item of container.listBlobsFlat({ prefix: blobPrefix })) keys.push(keyOf(item.name));
    return keys.sort();
  }

  private async write(key: string, value: unknown, conditions: { ifMatch?: string; ifNoneMatch?: string }): Promise<string> {
    const container = await this.ensureContainer();
    const body = Buffer.from(JSON.stringify(value), 'utf8');
    try {
      const res = await container.getBlockBlobClient(blobNameFor(key)).upload(body, body.length, {
        conditions,
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      return res.etag ?? '';
    } catch (e) {
      // 412 ConditionNotMet (If-Match), 409 BlobAlreadyExists (If-None-Match: *): someone else wrote first.
      if (restStatus(e) === 409 || restStatus(e) === 412) throw new ConcurrencyError(key, { cause: e });
      throw e;
    }
  }
}
