// Which upstream failed, and how, in terms an operator can act on: the setting that names the endpoint (ARM_ENDPOINT,
// EVENTGRID_TOPIC_ENDPOINT, …) or, for an untrusted certificate, EXTRA_CA_CERT_FILE. An upstream that is down,
// unreachable, throttling or behind a TLS-inspecting proxy is an expected condition, not a bug: it is answered with
// 503 naming the setting and logged as one line, never as a stack. Anything else (a 404, a 400, a bug) is not
// classified here and keeps failing loudly.
import type { AppConfig } from '../../config/index.js';
import { redactUrl } from '../../domain/notify/redact.js';

export type UpstreamKind = 'unreachable' | 'timeout' | 'tls' | 'unavailable' | 'credential';

export interface UpstreamFailure {
  readonly kind: UpstreamKind;
  /** The setting to look at: the endpoint's own, or EXTRA_CA_CERT_FILE for a certificate nobody trusts. */
  readonly setting: string;
  /** The endpoint's setting (same as `setting` except for TLS trust failures). */
  readonly endpointSetting: string;
  /** Scheme, host and port only (the Teams webhook URL is a secret). */
  readonly endpoint: string;
  /** Network or TLS error code (ECONNREFUSED, SELF_SIGNED_CERT_IN_CHAIN, …) or the HTTP status. */
  readonly detail: string;
  /** Seconds the upstream asked us to wait (429/503 Retry-After), when it said. */
  readonly retryAfterSeconds?: number;
  readonly message: string;
}

/** [setting, URL prefix] of every endpoint the app calls, from the parsed settings. */
export type EndpointTable = readonly (readonly [string, string])[];

export function endpointTable(config: AppConfig): EndpointTable {
  const blobEndpoint = /BlobEndpoint=([^;]+)/i.exec(config.monitor.state.connectionString ?? '')?.[1];
  const rows: [string, string | undefined][] = [
    ['ARM_ENDPOINT', config.arm.endpoint],
    ['LOG_ANALYTICS_ENDPOINT', config.logAnalytics.endpoint],
    ['EVENTGRID_TOPIC_ENDPOINT', config.eventGridTopicEndpoint],
    ['STATE_BLOB_SERVICE_URL', config.monitor.state.serviceUrl],
    ['STATE_STORAGE_CONNECTION_STRING', blobEndpoint],
    ['TEAMS_WEBHOOK_URL', config.notify.teams.webhook?.reveal()],
    ['ACS_EMAIL_ENDPOINT', config.acsEmailEndpoint],
    ...config.monitor.blobSources.map((s): [string, string | undefined] => ['RPO_BLOB_SOURCES', s.serviceUrl]),
  ];
  return rows.filter((r): r is [string, string] => Boolean(r[1])).map(([setting, url]) => [setting, normalise(url)] as const);
}

const normalise = (url: string): string => {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`.toLowerCase().replace(/\/+$/, '');
  } catch {
    return url.toLowerCase();
  }
};

/** The setting whose endpoint `url` belongs to: the longest matching prefix (several share the simulated estate). */
export function settingOf(url: string, table: EndpointTable): string | undefined {
  const target = normalise(url);
  let best: readonly [string, string] | undefined;
  for (const row of table) {
    const [, prefix] = row;
    const match = target === prefix || target.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`) || prefix === originOf(target);
    if (match && (!best || prefix.length > best[1].length)) best = row;
  }
  return best?.[0];
}

const originOf = (url: string): string => /^[a-z]+:\/\/[^/]+/.exec(url)?.[0] ?? url;

/** Certificate errors that trusting the right CA fixes (Node's OpenSSL codes). */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);
/** Other TLS failures: the endpoint itself is wrong (name mismatch, expired certificate, not TLS at all). */
const OTHER_TLS = /^(ERR_TLS_|ERR_SSL_|CERT_|EPROTO$)/;
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'REQUEST_SEND_ERROR',
]);
const TIMEOUT = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

interface ErrorLike {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly request?: { readonly url?: unknown };
  readonly response?: { readonly headers?: { get?(name: string): string | undefined } };
  readonly cause?: unknown;
}

/** The upstream failure behind `error` (looking through `cause`), or undefined when it is not one. */
export function upstreamFailure(error: unknown, table: EndpointTable): UpstreamFailure | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 8; e = (e as ErrorLike).cause, depth++) {
    const found = classify(e, table);
    if (found) return found;
  }
  return undefined;
}

/** @azure/identity's errors when no token can be had (no managed identity here, nobody signed in, IMDS down). */
const CREDENTIAL = new Set(['CredentialUnavailableError', 'AggregateAuthenticationError', 'AuthenticationError']);

function classify(e: ErrorLike & { readonly name?: unknown }, table: EndpointTable): UpstreamFailure | undefined {
  if (typeof e.name === 'string' && CREDENTIAL.has(e.name)) {
    const first =
      typeof e.message === 'string' ? (e.message.split('\n').find((l) => /unavailable|failed|error/i.test(l)) ?? e.message) : '';
    return {
      kind: 'credential',
      setting: 'AZURE_AUTH_MODE',
      endpointSetting: 'AZURE_AUTH_MODE',
      endpoint: 'token credential',
      detail: e.name,
      message: `no access token for Azure (${e.name}; see AZURE_AUTH_MODE and AZURE_CLIENT_ID): ${first.slice(0, 300)}`,
    };
  }
  const url = typeof e.request?.url === 'string' ? e.request.url : undefined;
  if (!url) return undefined;
  const endpointSetting = settingOf(url, table);
  if (!endpointSetting) return undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const endpoint = redactUrl(url).replace(/\/…\(redacted\)$/, '');
  const at = `${endpointSetting} (${endpoint})`;
  const reason = typeof e.message === 'string' ? e.message.split('\n')[0]!.slice(0, 300) : String(code ?? status);
  const base = { endpointSetting, endpoint, setting: endpointSetting };
  if (code && UNTRUSTED.has(code)) {
    return {
      ...base,
      kind: 'tls',
      setting: 'EXTRA_CA_CERT_FILE',
      detail: code,
      message: `the certificate of ${at} is not trusted (${code}); set EXTRA_CA_CERT_FILE to the PEM file of its CA`,
    };
  }
  if (code && OTHER_TLS.test(code)) return { ...base, kind: 'tls', detail: code, message: `TLS with ${at} failed (${code}): ${reason}` };
  if (code && TIMEOUT.has(code)) return { ...base, kind: 'timeout', detail: code, message: `${at} did not answer in time: ${reason}` };
  if (code && NETWORK.has(code)) return { ...base, kind: 'unreachable', detail: code, message: `${at} is unreachable: ${reason}` };
  if (status !== undefined && (status === 429 || status >= 500)) {
    const retryAfter = Number(e.response?.headers?.get?.('retry-after'));
    return {
      ...base,
      kind: 'unavailable',
      detail: String(status),
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: Math.ceil(retryAfter) } : {}),
      message: `${at} answered ${status}${status === 429 ? ' (throttled)' : ''}: ${reason}`,
    };
  }
  return undefined;
}

/**
 * An upstream failure rethrown so that the invocation still fails (Event Grid redelivers; a failed timer run shows as
 * failed): its stack is its message, so the host logs one line, not thirty frames of SDK internals. It keeps the
 * original's `statusCode` and `code`, so whoever judged those before still can.
 */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  readonly statusCode: number | undefined;
  readonly code: string | undefined;
  constructor(
    readonly failure: UpstreamFailure,
    options?: ErrorOptions,
  ) {
    super(failure.message, options);
    this.stack = `${this.name}: ${failure.message}`;
    // From the failure, not from `cause`: the classified error may sit deeper in the cause chain.
    const status = Number(failure.detail);
    this.statusCode = failure.kind === 'unavailable' && Number.isInteger(status) ? status : undefined;
    this.code = failure.kind === 'unavailable' ? undefined : failure.detail;
  }
}
