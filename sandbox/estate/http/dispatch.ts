// One request through the estate: read → parse → route → auth → latency → faults → ARM throttle → handler → log.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector, FaultKind, FaultRule } from './faults.js';
import type { LatencyControl } from './latency.js';
import type { RequestLog } from './requestLog.js';
import { bearerToken, parseBody, principalOf, readBody } from './request.js';
import { azureHeaders, single, writeResponse } from './respond.js';
import type { Router } from './router.js';
import { sleep } from './sleep.js';
import { remainingHeader, type ArmThrottle } from './throttle.js';
import { armError, type EstateRequest, type EstateResponse, type RequestKind, type Route, type ServiceName } from './types.js';
import { skipTokenOf } from './paging.js';

export interface DispatchDeps {
  readonly baseUrl: string;
  readonly router: Router;
  readonly faults: FaultInjector;
  readonly latency: LatencyControl;
  readonly throttle: ArmThrottle;
  readonly requests: RequestLog;
  readonly sasKey: string;
  /** Aborted by close(): held requests and latency sleeps end at once. */
  readonly signal: AbortSignal;
  /** Lets the kit find out which service a request was routed to (for lroFail rules). */
  readonly services: WeakMap<EstateRequest, ServiceName>;
  readonly log: ((line: string) => void) | undefined;
}

/** Faults decided before the handler runs; lroFail is decided inside startOperation. */
const REQUEST_FAULTS: readonly FaultKind[] = ['throttle', 'status', 'timeout', 'reset', 'brokenPage', 'respond'];
const THROTTLED_SERVICES: ReadonlySet<ServiceName> = new Set(['arm', 'resourceGraph']);

type Outcome = EstateResponse | 'dropped';

export async function dispatch(deps: DispatchDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', deps.baseUrl);
  const token = bearerToken(single(req.headers.authorization));
  const principal = token === undefined ? undefined : principalOf(token);
  const match = deps.router.match(method, url.pathname);
  const route = match.outcome === 'found' ? match.route : undefined;
  const kind = route?.kind ?? defaultKind(method);
  const headers = azureHeaders(req);
  const note: { fault?: FaultKind; throttled?: boolean } = {};

  const outcome = await decide();
  if (outcome === 'dropped') res.destroy();
  else writeResponse(res, outcome, headers);
  const status = outcome === 'dropped' ? 0 : outcome.status;
  const query = url.search.slice(1);
  deps.requests.record({ at: started, method, service: route?.service, path: url.pathname, query, principal, status, kind, ...note });
  deps.log?.(
    `${method} ${url.pathname}${url.search} → ${status === 0 ? 'dropped' : status} (${Date.now() - started} ms)${note.fault ? ` [fault ${note.fault}]` : ''}`,
  );

  async function decide(): Promise<Outcome> {
    const raw = await readBody(req);
    if (raw.tooLarge) return armError(413, 'RequestEntityTooLarge', 'The request body is larger than the service accepts.');
    const parsed = parseBody(raw.bytes, single(req.headers['content-type']));
    if (!parsed.ok)
      return armError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: ${parsed.message}`);
    if (match.outcome === 'notFound') return armError(404, 'NotFound', `No route for ${method} ${url.pathname}.`);
    if (match.outcome === 'methodNotAllowed') {
      headers.Allow = match.allow.join(', ');
      return armError(405, 'MethodNotAllowed', `The method ${method} is not allowed for ${url.pathname}.`);
    }
    const { route: found, params } = match;
    const request: EstateRequest = {
      method,
      url,
      query: url.searchParams,
      headers: req.headers,
      body: parsed.value,
      rawBody: raw.bytes,
      principal,
    };
    deps.services.set(request, found.service);

    if (!(await sleep(deps.latency.for(found.service), deps.signal))) return 'dropped';
    const denied = authenticate(found, req, token, deps.sasKey);
    if (denied !== undefined) return denied;

    if (found.service !== 'control') {
      const continuation = skipTokenOf(url.searchParams) !== undefined || hasBodySkipToken(parsed.value);
      const fault = deps.faults.take(REQUEST_FAULTS, { method, service: found.service, path: url.pathname, continuation });
      if (fault !== undefined) {
        note.fault = fault.kind;
        deps.log?.(`fault ${fault.kind} (${fault.id}) on ${method} ${url.pathname}`);
        return injected(fault, deps.signal);
      }
    }
    if (THROTTLED_SERVICES.has(found.service)) {
      const decision = deps.throttle.consume(found.service, principal, kind);
      headers[remainingHeader(kind)] = String(decision.remaining);
      if (!decision.allowed) {
        note.throttled = true;
        return armError(
          429,
          'TooManyRequests',
          `Number of '${kind}' requests for principal '${principal ?? 'anonymous'}' exceeded. Please try again after '${decision.retryAfterSeconds}' seconds.`,
          { 'Retry-After': String(decision.retryAfterSeconds) },
        );
      }
    }
    try {
      return await found.handler(request, params);
    } catch (error) {
      deps.log?.(`handler error on ${method} ${url.pathname}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return armError(500, 'InternalServerError', error instanceof Error ? error.message : String(error));
    }
  }
}

function defaultKind(method: string): RequestKind {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return 'read';
  return method === 'DELETE' ? 'delete' : 'write';
}

function authenticate(route: Route, req: IncomingMessage, token: string | undefined, sasKey: string): EstateResponse | undefined {
  const auth = route.auth ?? 'none';
  if (auth === 'none' || token !== undefined) return undefined;
  const sas = single(req.headers['aeg-sas-key']);
  if (auth === 'bearerOrSas' && sas !== undefined) {
    if (sameSecret(sas, sasKey)) return undefined;
    return armError(401, 'AuthenticationFailed', 'The aeg-sas-key is not valid for this topic.');
  }
  const message =
    auth === 'bearerOrSas'
      ? 'An aeg-sas-key header or an Authorization bearer token is required.'
      : "Authentication failed. The 'Authorization' header is missing.";
  return armError(401, 'AuthenticationFailed', message, {
    'WWW-Authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
  });
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Resource Graph carries its continuation in the body: `{ options: { $skipToken } }`. */
function hasBodySkipToken(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const options = (body as { options?: unknown }).options;
  return typeof options === 'object' && options !== null && typeof (options as Record<string, unknown>).$skipToken === 'string';
}

async function injected(fault: FaultRule, signal: AbortSignal): Promise<Outcome> {
  const retryAfter = (seconds: number | undefined): Record<string, string> | undefined =>
    seconds === undefined ? undefined : { 'Retry-After': String(seconds) };
  switch (fault.kind) {
    case 'throttle':
      return armError(429, 'TooManyRequests', 'The request was throttled (injected fault).', retryAfter(fault.retryAfterSeconds ?? 0));
    case 'status':
      if (fault.status === 403)
        return armError(
          403,
          'AuthorizationFailed',
          'The client does not have authorization to perform this action over this scope or the scope is invalid (injected fault).',
        );
      return fault.status === 503
        ? armError(
            503,
            'ServiceUnavailable',
            'The service is temporarily unavailable (injected fault).',
            retryAfter(fault.retryAfterSeconds),
          )
        : armError(
            500,
            'InternalServerError',
            'The server encountered an internal error (injected fault).',
            retryAfter(fault.retryAfterSeconds),
          );
    case 'timeout':
      await sleep(fault.ms ?? 30_000, signal); // hold without answering, then drop
      return 'dropped';
    case 'reset':
      return 'dropped';
    case 'brokenPage':
      return fault.malformed === true
        ? { status: 200, body: '{"value":[{"id":"/subscriptions/', headers: { 'Content-Type': 'application/json; charset=utf-8' } }
        : armError(500, 'InternalServerError', 'The continuation page could not be produced (injected fault).');
    case 'respond':
      return { status: fault.status ?? 200, body: fault.body ?? {}, ...(fault.headers ? { headers: { ...fault.headers } } : {}) };
    case 'lroFail':
      return armError(500, 'InternalServerError', 'lroFail is not a request fault.'); // unreachable: not in REQUEST_FAULTS
  }
}
