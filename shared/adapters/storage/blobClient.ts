// The SDK half of the blob adapters: one BlobServiceClient with the app's retries, timeout and trusted CA (retries
// stay in the SDK pipeline). Loaded with import() by BlobAccounts when a blob is first touched, so that importing a
// function entry does not load @azure/storage-blob.
import type { PipelineOptions } from '@azure/core-rest-pipeline';
import { BlobServiceClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { tlsOptions, USER_AGENT_PREFIX, type AdapterOptions } from '../options.js';
import type { StorageLocation } from './stateStore.js';

export function createBlobServiceClient(location: StorageLocation, options: AdapterOptions): BlobServiceClient {
  const pipeline: StoragePipelineOptions & Pick<PipelineOptions, 'tlsOptions'> = {
    // Storage counts tries, not retries, and has its own per-try timeout.
    retryOptions: {
      maxTries: options.http.maxRetries + 1,
      retryDelayInMs: Math.max(1, options.http.retryDelayMs),
      tryTimeoutInMs: options.http.timeoutMs,
    },
    ...tlsOptions(options),
    userAgentOptions: { userAgentPrefix: USER_AGENT_PREFIX },
  };
  return 'connectionString' in location
    ? BlobServiceClient.fromConnectionString(location.connectionString, pipeline)
    : new BlobServiceClient(location.serviceUrl, options.credential, pipeline);
}
