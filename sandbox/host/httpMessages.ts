// Converts between node:http and the @azure/functions HTTP types. Request bodies are read fully and responses are
// buffered, which is what the host does unless `app.setup({ enableHttpStream: true })` (not emulated: the handler
// sees the same HttpRequest API either way).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Cookie, HttpRequest as Request } from '@azure/functions';
import { HttpRequest, HttpResponse } from './functionsRuntime.js';

export interface MaterializedResponse {
  status: number;
  headers: Array<[string, string]>;
  cookies: string[];
  body: Buffer;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** A flat header record; repeated headers are joined with ', ' as HTTP allows. */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function toHttpRequest(req: IncomingMessage, url: string, params: Record<string, string>, body: Buffer): Request {
  const method = (req.method ?? 'GET').toUpperCase();
  // GET/HEAD bodies are dropped (the fetch Request underneath forbids them), as the worker does.
  const withBody = body.length > 0 && method !== 'GET' && method !== 'HEAD';
  // `query` is left to HttpRequest, which derives it from the URL and so keeps repeated keys.
  return new HttpRequest({ method, url, headers: flatHeaders(req), params, ...(withBody ? { body: { bytes: body } } : {}) });
}

function serializeCookie(c: Cookie): string {
  const parts = [`${c.name}=${c.value}`];
  if (c.domain) parts.push(`Domain=${c.domain}`);
  if (c.path) parts.push(`Path=${c.path}`);
  if (c.expires !== undefined) parts.push(`Expires=${new Date(c.expires).toUTCString()}`);
  if (c.maxAge !== undefined) parts.push(`Max-Age=${c.maxAge}`);
  if (c.secure) parts.push('Secure');
  if (c.httpOnly) parts.push('HttpOnly');
  if (c.sameSite) parts.push(`SameSite=${c.sameSite}`);
  return parts.join('; ');
}

/**
 * The handler's return value as status, headers and body bytes. Uses the library's own HttpResponse, so jsonBody,
 * string/Buffer/Uint8Array/stream bodies and default content types behave as in Azure. Throws (→ a failed
 * invocation, 500) for a non-object, like the worker. Nothing returned → 204 with no body (assumption: the host
 * sends an empty response; the exact status for a missing response is not verified).
 */
export async function materialize(result: unknown): Promise<MaterializedResponse> {
  if (result === undefined || result === null) return { status: 204, headers: [], cookies: [], body: Buffer.alloc(0) };
  if (typeof result !== 'object') {
    throw new Error('The HTTP response must be an object with optional properties "body", "status", "headers", and "cookies".');
  }
  const response = result instanceof HttpResponse ? result : new HttpResponse(result);
  const body = Buffer.from(await response.arrayBuffer());
  const headers = [...response.headers.entries()].filter(([key]) => key.toLowerCase() !== 'set-cookie');
  const cookies = [...response.headers.getSetCookie(), ...response.cookies.map(serializeCookie)];
  return { status: response.status, headers, cookies, body };
}

export function writeResponse(res: ServerResponse, r: MaterializedResponse): void {
  res.statusCode = r.status;
  for (const [key, value] of r.headers) res.setHeader(key, value);
  if (r.cookies.length > 0) res.setHeader('set-cookie', r.cookies);
  const noBody = r.status === 204 || r.status === 304 || (r.status >= 100 && r.status < 200);
  if (noBody) {
    res.end();
    return;
  }
  res.setHeader('content-length', r.body.length);
  res.end(r.body);
}

/** Small helper for the host's own answers (status, 404s, webhooks). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
