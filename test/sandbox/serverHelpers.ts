// Shared by the estate server-core tests: unsigned JWTs, a static credential, a real REST client over
// HTTPS with the estate's CA, and a tiny node:https request helper for raw checks.
import { getClient, type Client } from '@azure-rest/core-client';
import type { TokenCredential } from '@azure/core-auth';
import type { OperationResponse } from '@azure/core-lro';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import type { HttpKit } from '../../sandbox/estate/http/context.js';
import type { Route } from '../../sandbox/estate/http/types.js';

export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

export function staticCredential(oid: string): TokenCredential {
  const token = fakeJwt({ oid, aud: 'https://management.azure.com' });
  return { getToken: () => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

export function armClient(url: string, ca: string, options: { oid?: string; maxRetries?: number } = {}): Client {
  return getClient(url, staticCredential(options.oid ?? 'oid-tests'), {
    credentials: { scopes: ['https://management.azure.com/.default'] },
    tlsOptions: { ca },
    // Fast exponential retries so 5xx/reset recovery stays within milliseconds.
    retryOptions: { maxRetries: options.maxRetries ?? 3, retryDelayInMs: 1, maxRetryDelayInMs: 5 },
  });
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  json(): unknown;
}

export function httpsCall(
  url: string,
  ca: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as unknown });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Adapts a REST-client response to what core-lro's createHttpPoller expects. */
export function toLroResponse(response: { status: string; headers: Record<string, string>; body: unknown }): OperationResponse {
  return {
    flatResponse: response,
    rawResponse: {
      statusCode: Number(response.status),
      headers: response.headers,
      body: response.body,
      request: { method: 'GET', url: '' },
    },
  };
}

/** A few routes shaped like ARM's, enough to exercise the server core without the estate model. */
export const SUB = '00000000-0000-0000-0000-0000000000aa';
export const WIDGETS = `/subscriptions/${SUB}/resourceGroups/rg-test/providers/Microsoft.Test/widgets`;

export function testRoutes(kit: HttpKit): Route[] {
  const arm = { service: 'arm', auth: 'bearer' } as const;
  const items = Array.from({ length: 8 }, (_, i) => ({ id: `${WIDGETS}/w${i}`, name: `w${i}` }));
  return [
    {
      ...arm,
      method: 'GET',
      pattern: '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Test/widgets/:name',
      handler: (req, params) => ({ status: 200, body: { params, principal: req.principal } }),
    },
    {
      ...arm,
      method: 'DELETE',
      pattern: '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Test/widgets/:name',
      handler: () => ({ status: 200 }),
    },
    {
      ...arm,
      method: 'PUT',
      pattern: '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Test/widgets/:name',
      handler: (req) => ({ status: 200, body: req.body }),
    },
    {
      ...arm,
      method: 'GET',
      pattern: '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Test/widgets',
      handler: (req) => kit.page({ request: req, items, pageSize: 3 }),
    },
    {
      ...arm,
      method: 'POST',
      pattern: '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Test/widgets/:name/backup',
      handler: (req, p) =>
        kit.startOperation({
          scope: `/subscriptions/${p.sub ?? ''}/resourceGroups/${p.rg ?? ''}/providers/Microsoft.Test/widgets/${p.name ?? ''}`,
          apiVersion: '2026-03-01',
          style: 'dataProtection',
          request: req,
          outcome: () => ({
            status: 'Succeeded',
            properties: { objectType: 'OperationJobExtendedInfo', jobId: 'job-1' },
            resultBody: { objectType: 'OperationJobExtendedInfo', jobId: 'job-1' },
          }),
        }),
    },
    {
      ...arm,
      method: 'POST',
      pattern: '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.ContainerService/managedClusters/:name/runCommand',
      handler: (req, p) =>
        kit.startOperation({
          scope: `/subscriptions/${p.sub ?? ''}/resourceGroups/${p.rg ?? ''}/providers/Microsoft.ContainerService/managedClusters/${p.name ?? ''}`,
          apiVersion: '2025-10-01',
          style: 'containerService',
          location: 'westeurope',
          request: req,
          outcome: () => ({
            status: 'Succeeded',
            resultBody: { id: 'cmd-1', properties: { provisioningState: 'Succeeded', exitCode: 0, logs: 'ok\n' } },
          }),
        }),
    },
    {
      method: 'GET',
      pattern: '/files/*rest',
      service: 'logAnalytics',
      auth: 'none',
      handler: (_req, p) => ({ status: 200, body: { rest: p.rest } }),
    },
    {
      method: 'POST',
      pattern: '/providers/Microsoft.ResourceGraph/resources',
      service: 'resourceGraph',
      auth: 'bearer',
      kind: 'read',
      handler: () => ({ status: 200, body: { data: [] } }),
    },
  ];
}
