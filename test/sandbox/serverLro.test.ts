// HttpKit: long-running operations through core-lro's real poller, and ARM paging via nextLink.
import { createHttpPoller, type OperationState } from '@azure/core-lro';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEstateServer, type EstateServer } from '../../sandbox/estate/http/server.js';
import { armClient, httpsCall, fakeJwt, SUB, testRoutes, toLroResponse, WIDGETS } from './serverHelpers.js';

let server: EstateServer;
const API = { 'api-version': '2026-03-01' };

beforeAll(async () => {
  server = await startEstateServer();
  server.addRoutes(testRoutes(server.kit));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.reset();
  server.faults.clear();
  server.operations.pollsBeforeDone = 1;
});

async function runLro(path: string, body: unknown): Promise<{ result: unknown; polled: string[] }> {
  const client = armClient(server.url, server.ca);
  const polled: string[] = [];
  const poller = createHttpPoller<unknown, OperationState<unknown>>(
    {
      sendInitialRequest: async () => toLroResponse(await client.pathUnchecked(path).post({ queryParameters: API, body })),
      sendPollRequest: async (url: string) => {
        polled.push(new URL(url).pathname);
        return toLroResponse(await client.pathUnchecked(url).get());
      },
    },
    {
      intervalInMs: 1,
      resourceLocationConfig: 'location',
      processResult: (response) => Promise.resolve((response as { body?: unknown }).body),
    },
  );
  return { result: await poller.pollUntilDone(), polled };
}

describe('startOperation (DataProtection style)', () => {
  it('answers 202 with Azure-AsyncOperation, Location and Retry-After 0', async () => {
    const res = await armClient(server.url, server.ca).pathUnchecked(`${WIDGETS}/w1/backup`).post({ queryParameters: API, body: {} });
    expect(res.status).toBe('202');
    expect(res.headers['azure-asyncoperation']).toMatch(
      new RegExp(`^${server.url}${WIDGETS}/w1/operationStatus/[0-9a-f-]{36}\\?api-version=2026-03-01$`),
    );
    expect(res.headers.location).toMatch(
      new RegExp(`^${server.url}${WIDGETS}/w1/operationResults/[0-9a-f-]{36}\\?api-version=2026-03-01$`),
    );
    expect(res.headers['retry-after']).toBe('0');
  });

  it('polls InProgress → Succeeded and returns the Location result through createHttpPoller', async () => {
    server.operations.pollsBeforeDone = 2;
    const { result, polled } = await runLro(`${WIDGETS}/w1/backup`, { backupRuleOptions: { ruleName: 'BackupHourly' } });
    expect(result).toEqual({ objectType: 'OperationJobExtendedInfo', jobId: 'job-1' });
    expect(polled.map((p) => p.split('/').at(-2))).toEqual(['operationStatus', 'operationStatus', 'operationStatus', 'operationResults']);
  });

  it('serves the OperationResource shape, also on the location-scoped form', async () => {
    const res = await armClient(server.url, server.ca).pathUnchecked(`${WIDGETS}/w1/backup`).post({ queryParameters: API, body: {} });
    const id = new URL(res.headers['azure-asyncoperation'] ?? '').pathname.split('/').at(-1) ?? '';
    const locationForm = `${server.url}/subscriptions/${SUB}/providers/Microsoft.DataProtection/locations/westeurope/operationStatus/${id}?api-version=2026-03-01`;
    const client = armClient(server.url, server.ca);
    const running: unknown = (await client.pathUnchecked(locationForm).get()).body;
    expect(running).toMatchObject({ name: id, status: 'InProgress', startTime: expect.any(String) as unknown });
    const done: unknown = (await client.pathUnchecked(locationForm).get()).body;
    expect(done).toMatchObject({
      id: `${WIDGETS}/w1/operationStatus/${id}`,
      name: id,
      status: 'Succeeded',
      endTime: expect.any(String) as unknown,
      properties: { objectType: 'OperationJobExtendedInfo', jobId: 'job-1' },
    });
  });

  it('lroFail: the poller rejects with the injected error code', async () => {
    server.faults.add({
      kind: 'lroFail',
      path: '/backup$',
      code: 'UserErrorBackupOperationInProgress',
      message: 'Another backup is running.',
    });
    await expect(runLro(`${WIDGETS}/w2/backup`, {})).rejects.toThrow(/UserErrorBackupOperationInProgress|Another backup is running/);
    // Only the next LRO fails.
    await expect(runLro(`${WIDGETS}/w2/backup`, {})).resolves.toMatchObject({ result: { jobId: 'job-1' } });
  });

  it('lroFail: the Location URL answers the ARM error body', async () => {
    server.operations.pollsBeforeDone = 0;
    server.faults.add({ kind: 'lroFail', code: 'InternalError' });
    const res = await armClient(server.url, server.ca).pathUnchecked(`${WIDGETS}/w3/backup`).post({ queryParameters: API, body: {} });
    const result = await armClient(server.url, server.ca)
      .pathUnchecked(res.headers.location ?? '')
      .get();
    expect(result.status).toBe('500');
    expect(result.body).toMatchObject({ error: { code: 'InternalError' } });
  });

  it('answers 404 for unknown operations and for another subscription', async () => {
    const client = armClient(server.url, server.ca);
    expect((await client.pathUnchecked(`${WIDGETS}/w1/operationStatus/unknown`).get({ queryParameters: API })).status).toBe('404');
    const res = await client.pathUnchecked(`${WIDGETS}/w1/backup`).post({ queryParameters: API, body: {} });
    const other = (res.headers['azure-asyncoperation'] ?? '').replace(SUB, 'another-sub');
    expect((await client.pathUnchecked(other).get()).status).toBe('404');
  });
});

describe('startOperation (ContainerService style)', () => {
  it('uses locations/{loc}/operations and operationresults URLs and completes', async () => {
    const path = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1/runCommand`;
    const initial = await armClient(server.url, server.ca)
      .pathUnchecked(path)
      .post({ queryParameters: API, body: { command: 'kubectl get pods' } });
    const prefix = `${server.url}/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/westeurope`;
    expect(initial.headers['azure-asyncoperation']).toMatch(new RegExp(`^${prefix}/operations/[0-9a-f-]{36}\\?api-version=2025-10-01$`));
    expect(initial.headers.location).toMatch(new RegExp(`^${prefix}/operationresults/[0-9a-f-]{36}\\?api-version=2025-10-01$`));
    const { result } = await runLro(path, { command: 'kubectl get pods' });
    expect(result).toMatchObject({ properties: { exitCode: 0, logs: 'ok\n' } });
  });

  it('Location answers 202 with Location while running', async () => {
    const path = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1/runCommand`;
    const client = armClient(server.url, server.ca);
    const initial = await client.pathUnchecked(path).post({ queryParameters: API, body: {} });
    const running = await client.pathUnchecked(initial.headers.location ?? '').get();
    expect([running.status, running.headers.location]).toEqual(['202', initial.headers.location]);
    expect((await client.pathUnchecked(initial.headers.location ?? '').get()).status).toBe('200');
  });
});

describe('page', () => {
  it('walks 3 pages by nextLink, keeping api-version and $filter', async () => {
    const client = armClient(server.url, server.ca);
    const filter = "startDate eq '2026-01-01T00:00:00' and endDate eq '2026-01-02T00:00:00'";
    let response = await client.pathUnchecked(WIDGETS).get({ queryParameters: { ...API, $filter: filter } });
    const names: string[] = [];
    const links: string[] = [];
    for (;;) {
      const body = response.body as { value: { name: string }[]; nextLink?: string };
      names.push(...body.value.map((item) => item.name));
      if (body.nextLink === undefined) break;
      links.push(body.nextLink);
      response = await client.pathUnchecked(body.nextLink).get();
    }
    expect(names).toEqual(['w0', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7']);
    expect(links).toHaveLength(2);
    for (const link of links) {
      const url = new URL(link);
      expect(link.startsWith(`${server.url}${WIDGETS}?api-version=2026-03-01&$filter=`)).toBe(true);
      expect(url.searchParams.get('$filter')).toBe(filter);
      expect(url.searchParams.get('$skipToken')).toMatch(/^[A-Za-z0-9_-]+$/);
    }
    expect(server.requests.entries().map((e) => e.query.includes('%24filter') || e.query.includes('$filter'))).toEqual([true, true, true]);
  });

  it('rejects a $skipToken it did not issue with 400', async () => {
    const res = await httpsCall(`${server.url}${WIDGETS}?api-version=2026-03-01&$skipToken=bogus`, server.ca, {
      headers: { authorization: `Bearer ${fakeJwt({ oid: 'x' })}` },
    });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'InvalidSkipToken' } });
  });
});
