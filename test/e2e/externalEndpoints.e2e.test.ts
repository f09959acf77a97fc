// `LOCAL_ESTATE=off`: the local host runs against whatever endpoints the settings name — here an estate started
// separately, standing in for Azure or any other ARM-compatible service. Nothing but settings connects the two.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEstate, type Estate } from '../../sandbox/estate/index.js';
import { startLocalStack, type LocalStack } from '../../sandbox/localStack.js';
import type { RpoReport } from '../../shared/usecases/rpo/rpoReport.js';

let external: Estate;
let stack: LocalStack;

beforeAll(async () => {
  external = await startEstate();
  const caFile = join(mkdtempSync(join(tmpdir(), 'ext-ca-')), 'ca.pem');
  writeFileSync(caFile, external.ca);
  stack = await startLocalStack({
    port: 0,
    estate: false,
    timers: 'manual',
    log: () => undefined,
    settings: {
      AZURE_AUTH_MODE: 'localDev',
      AZURE_SUBSCRIPTION_IDS: external.model.subscriptions.map((s) => s.id).join(','),
      ARM_ENDPOINT: external.endpoints.resourceManager,
      EXTRA_CA_CERT_FILE: caFile,
      // Only the on-demand check: the other features need a topic, a workspace and a sender this test does not set.
      FEATURES_OFF: 'all',
    },
  });
});
afterAll(async () => {
  await stack?.close();
  await external?.close();
});

it('answers /api/rpo from the endpoints in the settings alone', async () => {
  expect(stack.estate).toBeUndefined();
  const res = await fetch(`${stack.url}/api/rpo`);
  expect(res.status).toBe(200);
  const report = (await res.json()) as RpoReport;
  expect(report.summary.total).toBe(external.model.instances().length);
  // Resource Graph answers the fleet check; DataProtection confirms what it cannot settle. Both are ARM.
  const armCalls = external.control.requests.entries((r) => r.service === 'arm' || r.service === 'resourceGraph');
  expect(armCalls.length).toBeGreaterThan(0);
  expect(armCalls.every((r) => r.principal === 'local-developer')).toBe(true);
});
