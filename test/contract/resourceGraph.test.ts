// The Resource Graph call (one POST on the shared ARM transport) against the estate's KQL over the same job history
// the DataProtection API serves.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEstate, type Estate } from '../../sandbox/estate/index.js';
import { resourceGraphFor } from '../support/estateClients.js';

let estate: Estate;
let subscriptions: string[];
beforeAll(async () => {
  estate = await startEstate();
  subscriptions = estate.model.subscriptions.map((s) => s.id);
});
afterAll(() => estate?.close());

const FAILED_JOBS = `
RecoveryServicesResources
| where type =~ 'microsoft.dataprotection/backupvaults/backupjobs'
| where properties.dataSourceType =~ 'Microsoft.ContainerService/managedClusters'
| where tostring(properties.status) == 'Failed' and todatetime(properties.startTime) > ago(1d)
| project id, bi = tostring(properties.backupInstanceId), code = tostring(properties.errorDetails[0].code)`;

it('pages through every failed job with $skipToken and agrees with the job history', async () => {
  const rg = resourceGraphFor(estate, 2);
  const rows = await rg.query<{ id: string; bi: string; code: string }>(FAILED_JOBS, subscriptions);
  const pages = estate.control.requests.entries((r) => r.service === 'resourceGraph');
  expect(pages.length).toBeGreaterThanOrEqual(2);
  expect(pages.every((p) => p.query.includes('api-version=2024-04-01'))).toBe(true);
  const now = estate.model.nowMs();
  // A failed job is one whose outcome is Failed and which has ended by the estate's clock.
  const expected = estate.model
    .vaults()
    .flatMap((v) => estate.model.jobs(v))
    .filter((j) => j.outcome === 'Failed' && j.end <= now && j.kind !== 'restore' && j.start > now - 86_400_000);
  expect(rows).toHaveLength(expected.length);
  expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  expect(rows.every((r) => r.code.length > 0 && /\/backupInstances\//i.test(r.bi))).toBe(true);
});

it('surfaces a bad query as a 400 with the service message', async () => {
  await expect(resourceGraphFor(estate).query('RecoveryServicesResources | whre x', subscriptions)).rejects.toMatchObject({
    statusCode: 400,
  });
});
