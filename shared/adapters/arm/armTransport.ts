// A thin ARM transport on @azure-rest/core-client: one pipeline (auth, retries honouring Retry-After on 429/5xx,
// TLS trust, timeouts), nextLink paging and LRO polling with @azure/core-lro. Used by the DataProtection client
// and by the Resource Graph call, so every ARM request goes through the same retry and throttling behaviour.
import type { TokenCredential } from '@azure/core-auth';
import { createRestError, getClient, type Client, type PathUncheckedResponse } from '@azure-rest/core-client';
import { createHttpPoller, type OperationResponse, type OperationState } from '@azure/core-lro';
import { RestError, type PipelinePolicy } from '@azure/core-rest-pipeline';
import { httpBudgetAttemptPolicy, httpBudgetCallPolicy } from './httpBudget.js';

export interface ArmTransportOptions {
  readonly endpoint: string;
  readonly credential: TokenCredential;
  /** Token scope, e.g. 'https://management.azure.com/.default'. */
  readonly scope: string;
  /** api-version appended to requests that do not already carry one (nextLink and LRO URLs do). */
  readonly apiVersion?: string;
  /** PEM of an extra CA to trust (the simulated estate, a corporate proxy); undefined means the system store only. */
  readonly caPem?: string | undefined;
  readonly maxRetries?: number;
  readonly retryDelayMs?: number;
  readonly timeoutMs?: number;
  /** Default LRO poll interval when the service sends no Retry-After. */
  readonly pollIntervalMs?: number;
  /** Called once per HTTP request actually sent (retries and pages included): the ARM call meter. */
  readonly onRequest?: () => void;
}

export class ArmTransport {
  readonly client: Client;
  private readonly timeoutMs: number;
  private readonly pollIntervalMs: number;

  constructor(options: ArmTransportOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.client = getClient(options.endpoint, options.credential, {
      credentials: { scopes: [options.scope] },
      ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}),
      ...(options.caPem ? { tlsOptions: { ca: options.caPem } } : {}),
      retryOptions: {
        maxRetries: options.maxRetries ?? 4,
        retryDelayInMs: options.retryDelayMs ?? 800,
        maxRetryDelayInMs: 60_000,
      },
      userAgentOptions: { userAgentPrefix: 'backup-autopilot-aks' },
    });
    // The HTTP path's short budget (inert outside withHttpBudget): around the retry policy, and around each attempt
    // before a timeout is made retryable, so that inside the budget a timeout is not retried.
    this.client.pipeline.addPolicy(httpBudgetCallPolicy);
    this.client.pipeline.addPolicy(httpBudgetAttemptPolicy, { afterPhase: 'Retry' });
    this.client.pipeline.addPolicy(timeoutIsRetryable, { afterPhase: 'Retry' });
    const onRequest = options.onRequest;
    if (onRequest) {
      // Added after the retry policy so that every attempt is counted, as ARM's throttling counts them.
      this.client.pipeline.addPolicy(
        { name: 'armCallMeter', sendRequest: (req, next) => (onRequest(), next(req)) },
        { afterPhase: 'Retry' },
      );
    }
  }

  async get<T>(path: string, query?: Record<string, string>): Promise<T> {
    const res = await this.client.pathUnchecked(path).get({ timeout: this.timeoutMs, ...(query ? { queryParameters: query } : {}) });
    return ok<T>(res);
  }

  async post<T>(path: string, body: unknown, query?: Record<string, string>): Promise<T> {
    const res = await this.client.pathUnchecked(path).post({ timeout: this.timeoutMs, body, ...(query ? { queryParameters: query } : {}) });
    return ok<T>(res);
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
    const initial = await this.client.pathUnchecked(path).post({ timeout: this.timeoutMs, body });
    if (!/^2\d\d$/.test(initial.status)) throw createRestError(initial);
    const poller = createHttpPoller<T, OperationState<T>>(
      {
        sendInitialRequest: () => Promise.resolve(toLroResponse(initial, 'POST')),
        sendPollRequest: async (url) => toLroResponse(await this.client.pathUnchecked(url).get({ timeout: this.timeoutMs }), 'GET'),
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

/**
 * The HTTP client reports its own per-request timeout as an AbortError, which the retry policy never retries (it
 * cannot tell it from a caller's cancellation). A hung connection is exactly what an unattended monitor must retry,
 * so a timeout the caller did not ask for becomes an ETIMEDOUT RestError, which the exponential strategy retries.
 */
const timeoutIsRetryable: PipelinePolicy = {
  name: 'timeoutIsRetryable',
  async sendRequest(request, next) {
    try {
      return await next(request);
    } catch (e) {
      if ((e as Error).name === 'AbortError' && !request.abortSignal?.aborted) {
        throw new RestError(`request timed out after ${request.timeout} ms`, { code: 'ETIMEDOUT', request });
      }
      throw e;
    }
  },
};

function ok<T>(res: PathUncheckedResponse): T {
  if (!/^2\d\d$/.test(res.status)) throw createRestError(res);
  return res.body as T;
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
