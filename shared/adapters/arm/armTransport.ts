// A thin ARM transport on @azure-rest/core-client: one pipeline (auth, retries honouring Retry-After on 429/5xx,
// TLS trust, timeouts), nextLink paging and LRO polling with @azure/core-lro. Used by the DataProtection client
// and by the Resource Graph call, so every ARM request goes through the same retry and throttling behaviour.
// The pipeline (armClient.ts) is loaded and built on the first request, @azure/core-lro on the first operation:
// importing a function entry loads neither.
import type { Client, PathUncheckedResponse } from '@azure-rest/core-client';
import type { OperationResponse, OperationState } from '@azure/core-lro';
import { onceAsync } from '../../util/once.js';
import type { AdapterOptions } from '../options.js';
import type { ArmEndpoint } from './armClient.js';

export type { ArmEndpoint } from './armClient.js';

interface Loaded {
  readonly client: Client;
  readonly ok: <T>(res: PathUncheckedResponse) => T;
}

export class ArmTransport {
  private readonly loaded: () => Promise<Loaded>;
  private readonly timeoutMs: number;
  private readonly pollIntervalMs: number;

  constructor(target: ArmEndpoint, options: AdapterOptions) {
    this.timeoutMs = options.http.timeoutMs;
    this.pollIntervalMs = target.pollIntervalMs ?? 2_000;
    this.loaded = onceAsync(async () => {
      const { createArmClient, ok } = await import('./armClient.js');
      return { client: createArmClient(target, options), ok };
    });
  }

  async get<T>(path: string, query?: Record<string, string>): Promise<T> {
    const { client, ok } = await this.loaded();
    return ok<T>(await client.pathUnchecked(path).get({ timeout: this.timeoutMs, ...(query ? { queryParameters: query } : {}) }));
  }

  async post<T>(path: string, body: unknown, query?: Record<string, string>): Promise<T> {
    const { client, ok } = await this.loaded();
    return ok<T>(await client.pathUnchecked(path).post({ timeout: this.timeoutMs, body, ...(query ? { queryParameters: query } : {}) }));
  }

  /** Every item of a pageable list, following `nextLink` verbatim until the service stops sending one. */
  async *list<T>(path: string, query?: Record<string, string>): AsyncGenerator<T> {
    let page = await this.get<{ value?: T[]; nextLink?: string | null }>(path, query);
    for (;;) {
      yield* page.value ?? [];
      if (!page.nextLink) return;
      page = await this.get(page.nextLink);
    }
  }

  /**
   * POST that starts a long-running operation, polled to its end through Azure-AsyncOperation / Location
   * (`final-state-via: location`). Resolves with the final body; rejects with the operation's error.
   */
  async runOperation<T>(path: string, body: unknown, abortSignal?: AbortSignal): Promise<T> {
    const [{ client, ok }, { createHttpPoller }] = await Promise.all([this.loaded(), import('@azure/core-lro')]);
    const initial = await client.pathUnchecked(path).post({ timeout: this.timeoutMs, body });
    ok(initial);
    const poller = createHttpPoller<T, OperationState<T>>(
      {
        sendInitialRequest: () => Promise.resolve(toLroResponse(initial, 'POST')),
        sendPollRequest: async (url) => toLroResponse(await client.pathUnchecked(url).get({ timeout: this.timeoutMs }), 'GET'),
      },
      {
        intervalInMs: this.pollIntervalMs,
        resourceLocationConfig: 'location',
        processResult: (result: unknown) => Promise.resolve(result as T),
      },
    );
    return poller.pollUntilDone(abortSignal ? { abortSignal } : {});
  }
}

function toLroResponse(res: PathUncheckedResponse, method: string): OperationResponse<unknown> {
  return {
    flatResponse: res.body,
    rawResponse: { statusCode: Number(res.status), headers: { ...res.headers }, body: res.body, request: { method, url: res.request.url } },
  };
}

/** URL path of an ARM id with each segment encoded, safe to hand to `pathUnchecked`. */
export function armPath(id: string, ...children: string[]): string {
  const segments = [...id.split('/').filter(Boolean), ...children.flatMap((c) => c.split('/').filter(Boolean))];
  return '/' + segments.map((s) => encodeURIComponent(decodeURIComponent(s))).join('/');
}
