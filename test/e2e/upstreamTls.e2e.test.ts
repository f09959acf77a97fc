// ARM behind a certificate nobody trusts (the estate's self-signed one, without EXTRA_CA_CERT_FILE): GET /api/rpo
// answers 503 naming EXTRA_CA_CERT_FILE, and never sends a request in the clear.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEstate, type Estate } from '../../sandbox/estate/index.js';
import { startLocalStack, type LocalStack } from '../../sandbox/localStack.js';

let estate: Estate;
let stack: LocalStack;

beforeAll(async () => {
  estate = await startEstate();
  stack = await startLocalStack({
    port: 0,
    estate: false,
    timers: 'manual',
    log: () => undefined,
    settings: {
      AZURE_AUTH_MODE: 'localDev',
      AZURE_SUBSCRIPTION_IDS: estate.model.subscriptions.map((s) => s.id).join(','),
      ARM_ENDPOINT: estate.endpoints.resourceManager,
      FEATURES_OFF: 'all',
    },
  });
});
afterAll(async () => {
  await stack?.close();
  await estate?.close();
});

it('names EXTRA_CA_CERT_FILE and the endpoint whose certificate is not trusted', async () => {
  const res = await fetch(`${stack.url}/api/rpo`);
  expect(res.status).toBe(503);
  const { error } = (await res.json()) as { error: Record<string, string> };
  expect(error).toMatchObject({
    code: 'UpstreamTlsFailure',
    setting: 'EXTRA_CA_CERT_FILE',
    endpointSetting: 'ARM_ENDPOINT',
    endpoint: estate.endpoints.resourceManager,
    kind: 'tls',
  });
  expect(error.message).toMatch(/not trusted \((SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)/);
  expect(estate.control.requests.entries((r) => r.service === 'arm' || r.service === 'resourceGraph')).toEqual([]);
});
