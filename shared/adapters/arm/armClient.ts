// The SDK half of the ARM transport (armTransport.ts): the @azure-rest/core-client pipeline with the app's retries,
// TLS trust, the HTTP path's budget and the call meter. Loaded with import() on the first ARM request, so that
// importing a function entry costs none of the pipeline packages.
import { createRestError, getClient, type Client, type PathUncheckedResponse } from '@azure-rest/core-client';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { pipelineOptions, type AdapterOptions } from '../options.js';
import { armOriginPolicy } from './armOrigin.js';
import { httpBudgetAttemptPolicy, httpBudgetCallPolicy, timeoutError } from './httpBudgetPolicies.js';

/** What an ArmTransport talks to (its HTTP policy and identity come with the AdapterOptions). */
export interface ArmEndpoint {
  readonly endpoint: string;
  /** Token scope, e.g. 'https://management.azure.com/.default'. */
  readonly scope: string;
  /** api-version appended to requests that do not already carry one (nextLink and LRO URLs do). */
  readonly apiVersion?: string;
  /** Default LRO poll interval when the service sends no Retry-After. */
  readonly pollIntervalMs?: number;
  /** Called once per HTTP request actually sent (retries and pages included): the ARM call meter. */
  readonly onRequest?: () => void;
}

export function createArmClient(target: ArmEndpoint, options: AdapterOptions): Client {
  const common = pipelineOptions(options);
  const client = getClient(target.endpoint, options.credential, {
    ...common,
    credentials: { scopes: [target.scope] },
    ...(target.apiVersion ? { apiVersion: target.apiVersion } : {}),
    // Retry-After on ARM throttling can be long; the unattended side waits it out (the HTTP path's budget does not).
    retryOptions: { ...common.retryOptions, maxRetryDelayInMs: 60_000 },
  });
  // Every URL ARM hands back (nextLink, operation status) must stay on the endpoint's origin: checked before the
  // bearer-token policy (no phase) signs the request, and outside the retry policy, so a refusal is never retried.
  client.pipeline.addPolicy(armOriginPolicy(target.endpoint), { phase: 'Serialize' });
  // The HTTP path's short budget (inert outside withHttpBudget): around the retry policy, and around each attempt
  // before a timeout is made retryable, so that inside the budget a timeout is not retried.
  client.pipeline.addPolicy(httpBudgetCallPolicy);
  client.pipeline.addPolicy(httpBudgetAttemptPolicy, { afterPhase: 'Retry' });
  client.pipeline.addPolicy(timeoutIsRetryable, { afterPhase: 'Retry' });
  const onRequest = target.onRequest;
  if (onRequest) {
    // Added after the retry policy so that every attempt is counted, as ARM's throttling counts them.
    client.pipeline.addPolicy({ name: 'armCallMeter', sendRequest: (req, next) => (onRequest(), next(req)) }, { afterPhase: 'Retry' });
  }
  return client;
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
      if ((e as Error).name === 'AbortError' && !request.abortSignal?.aborted) throw timeoutError(request);
      throw e;
    }
  },
};

/** The body of a 2xx answer; anything else as the RestError the service's body describes. */
export function ok<T>(res: PathUncheckedResponse): T {
  if (!/^2\d\d$/.test(res.status)) throw createRestError(res);
  return res.body as T;
}
