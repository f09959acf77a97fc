// The one options bag every adapter is built from: the app's identity, the extra CA to trust, and the HTTP policy of
// its pipelines. The composition root builds it once from the settings; each adapter takes it whole or picks the
// parts it needs (the Teams webhook signs nothing, so it takes no credential), next to what it talks to.
import { rootCertificates } from 'node:tls';
import type { TokenCredential } from '@azure/core-auth';
import type { PipelineOptions } from '@azure/core-rest-pipeline';
import type { AppConfig } from '../config/index.js';
import { isLoopbackUrl } from '../config/fields.js';

/** HTTP_MAX_RETRIES, HTTP_RETRY_DELAY_MS, HTTP_TIMEOUT_MS and ARM_CONCURRENCY, as parsed. */
export type HttpPolicy = AppConfig['http'];

export interface AdapterOptions {
  readonly credential: TokenCredential;
  /**
   * PEM of an extra CA to trust next to Node's default roots (the simulated estate, a corporate proxy); undefined
   * means the default roots only. See `trustFor` for the clients that must not get it.
   */
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
    ...tlsOptions(options),
    userAgentOptions: { userAgentPrefix: USER_AGENT_PREFIX },
  };
}

/**
 * TLS trust with the extra CA *added*: Node's `ca` option replaces the default roots, so given the extra PEM alone a
 * client would trust that CA and nothing else (and an ARM endpoint behind a public CA would fail). Empty without one.
 */
export function tlsOptions(options: Pick<AdapterOptions, 'caPem'>): Pick<PipelineOptions, 'tlsOptions'> {
  return options.caPem ? { tlsOptions: { ca: [...rootCertificates, options.caPem] } } : {};
}

/**
 * The options for a client outside Azure's own endpoints (the Teams webhook, ACS email): the extra CA exists for the
 * simulated estate and for a proxy in front of Azure, and is not extended to an internet host (where a CA someone
 * slipped into EXTRA_CA_CERT_FILE could intercept the webhook's signature). Kept for a loopback endpoint only.
 */
export function trustFor<T extends Pick<AdapterOptions, 'caPem'>>(options: T, endpoint: string): T {
  return options.caPem && !isLoopbackUrl(endpoint) ? { ...options, caPem: undefined } : options;
}
