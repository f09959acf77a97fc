// The estate's internal HTTP contract: every simulated service (ARM, Resource Graph, Log Analytics, Event Grid,
// Teams/email sinks, the control API) is a list of routes on one loopback HTTPS origin.
import type { IncomingHttpHeaders } from 'node:http';

/** Which Azure service a route imitates; faults, latency and throttling are configured per service. */
export type ServiceName = 'arm' | 'resourceGraph' | 'logAnalytics' | 'eventGrid' | 'teams' | 'email' | 'control';

/** ARM throttling counts reads, writes and deletes in separate buckets. */
export type RequestKind = 'read' | 'write' | 'delete';

export interface EstateRequest {
  readonly method: string;
  readonly url: URL;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when the body is empty. Invalid JSON is answered 400 before routing. */
  readonly body: unknown;
  readonly rawBody: Buffer;
  /** Caller identity taken from the bearer token (JWT `oid`, else a hash of the token); undefined when anonymous. */
  readonly principal: string | undefined;
}

export interface EstateResponse {
  status: number;
  /** Serialized as JSON unless it is a string or Buffer (sent as is). */
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (req: EstateRequest, params: Readonly<Record<string, string>>) => EstateResponse | Promise<EstateResponse>;

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  /**
   * Path pattern, e.g. '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.DataProtection/backupVaults/:vault'.
   * Literal segments match case-insensitively (as ARM does); ':name' captures one decoded segment;
   * a final '*rest' captures the remainder.
   */
  readonly pattern: string;
  readonly service: ServiceName;
  /** Defaults: GET → read, DELETE → delete, everything else → write. */
  readonly kind?: RequestKind;
  /** Require `Authorization: Bearer …` (ARM, Resource Graph, Log Analytics); answered 401 otherwise. */
  readonly auth?: 'bearer' | 'none' | 'bearerOrSas';
  readonly handler: RouteHandler;
}

/** ARM-style error body. */
export function armError(status: number, code: string, message: string, headers?: Record<string, string>): EstateResponse {
  return { status, body: { error: { code, message } }, ...(headers ? { headers } : {}) };
}
