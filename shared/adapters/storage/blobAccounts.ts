// The storage accounts the app reads and writes, one BlobServiceClient each, built on first use and shared: the state
// store and the blob-source reader reach the state account through the same client. A source without its own
// blobServiceUrl lives in the state account; any other account is reached with the app's credential (Storage Blob
// Data Reader on it). A plain-http loopback URL is the local emulator, signed with the key from
// STATE_STORAGE_CONNECTION_STRING — an Azure account never sees a key from this app.
import type { BlobServiceClient } from '@azure/storage-blob';
import { ConfigError } from '../../config/index.js';
import { onceAsync } from '../../util/once.js';
import type { AdapterOptions } from '../options.js';
import type { StorageLocation } from './stateStore.js';

export class BlobAccounts {
  private readonly clients = new Map<string, () => Promise<BlobServiceClient>>();

  constructor(
    /** The state account; a function so that a deployment without state never needs its settings here. */
    private readonly stateLocation: () => StorageLocation,
    private readonly options: AdapterOptions,
  ) {}

  /** The client of the account at `serviceUrl`, or of the state account when it is undefined. */
  async client(serviceUrl?: string): Promise<BlobServiceClient> {
    const key = serviceUrl ?? '';
    let client = this.clients.get(key);
    if (!client) {
      const location = this.locationOf(serviceUrl);
      client = onceAsync(async () => (await import('./blobClient.js')).createBlobServiceClient(location, this.options));
      this.clients.set(key, client);
    }
    return client();
  }

  private locationOf(serviceUrl: string | undefined): StorageLocation {
    if (serviceUrl === undefined) return this.stateLocation();
    if (!/^http:/i.test(serviceUrl)) return { serviceUrl };
    const state = this.stateLocation();
    const account = 'connectionString' in state ? accountOf(state.connectionString) : undefined;
    if (!account) {
      throw new ConfigError([
        `RPO_BLOB_SOURCES: ${serviceUrl} is plain http (the local emulator); its key comes from STATE_STORAGE_CONNECTION_STRING, which is not set`,
      ]);
    }
    // Built here rather than from a connection string: the emulator's URL carries the account in its path.
    return {
      connectionString: `DefaultEndpointsProtocol=http;AccountName=${account.name};AccountKey=${account.key};BlobEndpoint=${serviceUrl};`,
    };
  }
}

function accountOf(connectionString: string): { name: string; key: string } | undefined {
  // The emulator's well-known development account (public and documented, not a secret).
  if (/^UseDevelopmentStorage=true/i.test(connectionString)) return { name: 'devstoreaccount1', key: DEV_KEY };
  const part = (name: string): string | undefined => new RegExp(`(?:^|;)${name}=([^;]+)`, 'i').exec(connectionString)?.[1];
  const name = part('AccountName');
  const key = part('AccountKey');
  return name && key ? { name, key } : undefined;
}

const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
