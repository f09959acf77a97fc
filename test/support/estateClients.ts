// Real SDK clients pointed at a running estate: only the endpoint and the CA differ from production.
import { ArmTransport } from '../../shared/adapters/arm/armTransport.js';
import { LocalDevCredential } from '../../shared/adapters/arm/credential.js';
import type { AdapterOptions, HttpPolicy } from '../../shared/adapters/options.js';
import { DataProtectionClient } from '../../shared/adapters/dataProtection/client.js';
import { ResourceGraphClient } from '../../shared/adapters/arm/resourceGraph.js';
import type { Estate } from '../../sandbox/estate/index.js';

export const TEST_PRINCIPAL = 'contract-test-principal';
export const ARM_SCOPE = 'https://management.azure.com/.default';

/** The options bag with the estate's CA and a development token; the HTTP policy is the app's defaults unless given. */
export function estateOptions(ca: string, http: Partial<HttpPolicy> = {}, principal = TEST_PRINCIPAL): AdapterOptions {
  return {
    credential: new LocalDevCredential(principal),
    caPem: ca,
    http: { maxRetries: 4, retryDelayMs: 800, timeoutMs: 30_000, concurrency: 4, ...http },
  };
}

export function dataProtectionFor(
  estate: Estate,
  { apiVersion = '2026-03-01', ...http }: Partial<HttpPolicy> & { apiVersion?: string } = {},
): { client: DataProtectionClient; calls: () => number } {
  let calls = 0;
  const transport = new ArmTransport(
    { endpoint: estate.endpoints.resourceManager, scope: ARM_SCOPE, apiVersion, pollIntervalMs: 5, onRequest: () => void calls++ },
    estateOptions(estate.ca, { maxRetries: 3, retryDelayMs: 10, timeoutMs: 5_000, ...http }),
  );
  return { client: new DataProtectionClient(transport), calls: () => calls };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export function resourceGraphFor(estate: Estate, pageSize?: number): ResourceGraphClient {
  const transport = new ArmTransport(
    { endpoint: estate.endpoints.resourceGraph, scope: ARM_SCOPE },
    estateOptions(estate.ca, { retryDelayMs: 10 }),
  );
  return new ResourceGraphClient(transport, pageSize);
}
