// Lists and reads blob-landed backups (Velero, pg_dump, etcd snapshots) with @azure/storage-blob. A source without
// its own blobServiceUrl lives in the state account and uses the state client; any other account is reached with
// the app's credential (Storage Blob Data Reader on it). A plain-http loopback URL is the local emulator, signed with
// the key from STATE_STORAGE_CONNECTION_STRING — an Azure account never sees a key from this app.
import type { BlobServiceClient } from '@azure/storage-blob';
import { ConfigError } from '../../config/index.js';
import type { BlobFact, BlobLocation, BlobReader } from '../../usecases/ports.js';
import { createBlobServiceClient, type BlobClientSettings, type StorageLocation } from './stateStore.js';

export class BlobSourceReader implements BlobReader {
  private readonly clients = new Map<string, BlobServiceClient>();

  constructor(
    /** The state account; a function so that a deployment without blob sources never needs state settings here. */
    private readonly stateLocation: () => StorageLocation,
    private readonly settings: BlobClientSettings,
  ) {}

  async list(location: BlobLocation, prefix: string): Promise<BlobFact[]> {
    const container = this.client(location.serviceUrl).getContainerClient(location.container);
    const found: BlobFact[] = [];
    for await (const item of container.listBlobsFlat({ prefix })) {
      found.push({ name: item.name, size: item.properties.contentLength ?? 0, lastModified: item.properties.lastModified });
    }
    return found;
  }

  async readText(location: BlobLocation, name: string): Promise<string> {
    const blob = this.client(location.serviceUrl).getContainerClient(location.container).getBlobClient(name);
    return (await blob.downloadToBuffer()).toString('utf8');
  }

  private client(serviceUrl: string | undefined): BlobServiceClient {
    const key = serviceUrl ?? '';
    let client = this.clients.get(key);
    if (!client) {
      client = createBlobServiceClient(this.locationOf(serviceUrl), this.settings);
      this.clients.set(key, client);
    }
    return client;
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
