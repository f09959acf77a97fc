// The one options bag every adapter is built from: the app's identity, the extra CA to trust, and the HTTP policy of
// its pipelines. The composition root builds it once from the settings; each adapter takes it whole or picks the
// parts it needs (the Teams webhook signs nothing, so it takes no credential), next to what it talks to.
import type { TokenCredential } from '@azure/core-auth';
import type { PipelineOptions } from '@azure/core-rest-pipeline';
import type { AppConfig } from '../config/index.js';

/** HTTP_MAX_RETRIES, HTTP_RETRY_DELAY_MS, HTTP_TIMEOUT_MS and ARM_CONCURRENCY, as parsed. */
export type HttpPolicy = AppConfig['http'];

export interface AdapterOptions {
  readonly credential: TokenCredential;
  /** PEM of an extra CA to trust (the simulated estate, a corporate proxy); undefined means the system store only. */
  readonly caPem: string | undefined;
  readonly http: HttpPolicy;
}

export function adapterOptions(config: Pick<AppConfig, 'extraCaPem' | 'http'>, credential: TokenCredential): AdapterOptions {
  return { credential, caPem: config.extraCaPem, http: config.http };
}

export const USER_AGENT_PREFIX = 'backup-autopilot-aks';

/**
 * What every core-pipeline client here is given: retries (the SDKs' exponential strategy, Retry-After honoured), TLS
 * trust and the user agent. A zero delay would read as "unset" to some SDKs, hence at least 1 ms.
 */
export function pipelineOptions(
  options: Pick<AdapterOptions, 'caPem' | 'http'>,
): Pick<PipelineOptions, 'retryOptions' | 'tlsOptions' | 'userAgentOptions'> {
  return {
    retryOptions: { maxRetries: options.http.maxRetries, retryDelayInMs: Math.max(1, options.http.retryDelayMs) },
    ...(options.caPem ? { tlsOptions: { ca: options.caPem } } : {}),
    userAgentOptions: { userAgentPrefix: USER_AGENT_PREFIX },
  };
}
