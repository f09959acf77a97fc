// Real SDK clients pointed at a running estate: only the endpoint and the CA differ from production.
import { ArmTransport, type ArmTransportOptions } from '../../shared/adapters/arm/armTransport.js';
import { LocalDevCredential } from '../../shared/adapters/arm/credential.js';
import { DataProtectionClient } from '../../shared/adapters/dataProtection/client.js';
import { ResourceGraphClient } from '../../shared/adapters/arm/resourceGraph.js';
import type { Estate } from '../../sandbox/estate/index.js';

export const TEST_PRINCIPAL = 'contract-test-principal';

export function dataProtectionFor(
  estate: Estate,
  options: Partial<ArmTransportOptions> = {},
): { client: DataProtectionClient; calls: () => number } {
  let calls = 0;
  const transport = new ArmTransport({
    endpoint: estate.endpoints.resourceManager,
    credential: new LocalDevCredential(TEST_PRINCIPAL),
    scope: 'https://management.azure.com/.default',
    apiVersion: '2026-03-01',
    caPem: estate.ca,
    maxRetries: 3,
    retryDelayMs: 10,
    timeoutMs: 5_000,
    pollIntervalMs: 5,
    onRequest: () => void calls++,
    ...options,
  });
  return { client: new DataProtectionClient(transport), calls: () => calls };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export function resourceGraphFor(estate: Estate, pageSize?: number): ResourceGraphClient {
  const transport = new ArmTransport({
    endpoint: estate.endpoints.resourceGraph,
    credential: new LocalDevCredential(TEST_PRINCIPAL),
    scope: 'https://management.azure.com/.default',
    caPem: estate.ca,
    retryDelayMs: 10,
  });
  return new ResourceGraphClient(transport, pageSize);
}
