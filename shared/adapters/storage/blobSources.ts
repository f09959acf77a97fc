// Lists and reads blob-landed backups (Velero, pg_dump, etcd snapshots) with @azure/storage-blob, in the state account
// or in any other (BlobAccounts says how each is reached).
import type { BlobFact, BlobLocation, BlobReader } from '../../usecases/ports.js';
import type { BlobAccounts } from './blobAccounts.js';

export class BlobSourceReader implements BlobReader {
  constructor(private readonly accounts: BlobAccounts) {}

  async list(location: BlobLocation, prefix: string): Promise<BlobFact[]> {
    const container = (await this.accounts.client(location.serviceUrl)).getContainerClient(location.container);
    const found: BlobFact[] = [];
    for await (const item of container.listBlobsFlat({ prefix })) {
      found.push({ name: item.name, size: item.properties.contentLength ?? 0, lastModified: item.properties.lastModified });
    }
    return found;
  }

  async readText(location: BlobLocation, name: string): Promise<string> {
    const blob = (await this.accounts.client(location.serviceUrl)).getContainerClient(location.container).getBlobClient(name);
    return (await blob.downloadToBuffer()).toString('utf8');
  }
}
