// Serves the estate model's routes on the real estate HTTPS server (frozen clock, no throttling) and builds
// real Azure SDK clients that trust its CA.
import { getClient, type Client } from '@azure-rest/core-client';
import type { TokenCredential } from '@azure/core-auth';
import { createHttpPoller, type OperationResponse, type OperationState } from '@azure/core-lro';
import { startEstateServer, type EstateServer } from '../../sandbox/estate/http/server.js';
import { createEstateModel, loadScenario, modelRoutes, type EstateModel, type ScenarioInput } from '../../sandbox/estate/services/index.js';

export const credential: TokenCredential = {
  getToken: () => Promise.resolve({ token: 'estate-test-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

export interface Served {
  readonly model: EstateModel;
  readonly server: EstateServer;
  readonly arm: Client;
}

export async function serve(scenario?: string | ScenarioInput, startAt = new Date('2026-03-10T12:00:00Z')): Promise<Served> {
  const model = createEstateModel(loadScenario(scenario), { startAt, frozen: true });
  const server = await startEstateServer({ throttle: false, now: () => model.clock.now() });
  server.addRoutes(modelRoutes(model, server.kit));
  return { model, server, arm: restClient(server, 'https://management.azure.com/.default') };
}

export function restClient(server: EstateServer, scope: string): Client {
  return getClient(server.url, credential, {
    credentials: { scopes: [scope] },
    tlsOptions: { ca: server.ca },
    retryOptions: { maxRetries: 0 },
  });
}

export interface ArmList<T = Record<string, unknown>> {
  value: T[];
  nextLink?: string;
}

/** Follows nextLink to the end; returns every item and the number of pages. */
export async function listAll(
  client: Client,
  path: string,
  apiVersion: string,
  query: Record<string, string> = {},
): Promise<{ items: Record<string, unknown>[]; pages: number }> {
  const items: Record<string, unknown>[] = [];
  let response = await client.pathUnchecked(path).get({ queryParameters: { 'api-version': apiVersion, ...query } });
  let pages = 1;
  for (;;) {
    if (response.status !== '200') throw new Error(`list ${path} → ${response.status} ${JSON.stringify(response.body)}`);
    const body = response.body as ArmList;
    items.push(...body.value);
    if (!body.nextLink) return { items, pages };
    response = await client.pathUnchecked(body.nextLink).get();
    pages += 1;
  }
}

const toLro = (r: {
  status: string;
  headers: Record<string, string>;
  body: unknown;
  request: { url: string; method: string };
}): OperationResponse => ({
  flatResponse: r,
  rawResponse: { statusCode: Number(r.status), headers: r.headers, body: r.body, request: r.request },
});

/** POSTs an ARM action and drives its LRO (Azure-AsyncOperation, then Location) with core-lro, as a thin client would. */
export async function postLro(client: Client, path: string, apiVersion: string, body: unknown): Promise<unknown> {
  const poller = createHttpPoller<unknown, OperationState<unknown>>(
    {
      sendInitialRequest: async () =>
        toLro(await client.pathUnchecked(path).post({ queryParameters: { 'api-version': apiVersion }, body })),
      sendPollRequest: async (url: string) => toLro(await client.pathUnchecked(url).get()),
    },
    {
      intervalInMs: 1,
      resourceLocationConfig: 'location',
      processResult: (response) => Promise.resolve((response as { body: unknown }).body),
    },
  );
  return poller.pollUntilDone();
}
