// Writing EstateResponses to the wire, with the headers every Azure front door adds.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EstateResponse } from './types.js';

/** Request/correlation ids and Date, as ARM sends them; the client's own ids are echoed back. */
export function azureHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {
    'x-ms-request-id': randomUUID(),
    'x-ms-correlation-request-id': single(req.headers['x-ms-correlation-request-id']) ?? randomUUID(),
    Date: new Date().toUTCString(),
  };
  const clientRequestId = single(req.headers['x-ms-client-request-id']);
  if (clientRequestId !== undefined) headers['x-ms-client-request-id'] = clientRequestId;
  return headers;
}

export function writeResponse(res: ServerResponse, response: EstateResponse, extraHeaders: Record<string, string>): void {
  if (res.destroyed || res.writableEnded) return; // the client went away or a fault already dropped the socket
  const { body } = response;
  let payload: Buffer;
  let contentType: string | undefined;
  if (body === undefined) payload = Buffer.alloc(0);
  else if (Buffer.isBuffer(body)) [payload, contentType] = [body, 'application/octet-stream'];
  else if (typeof body === 'string') [payload, contentType] = [Buffer.from(body, 'utf8'), 'text/plain; charset=utf-8'];
  else [payload, contentType] = [Buffer.from(JSON.stringify(body), 'utf8'), 'application/json; charset=utf-8'];
  const headers: Record<string, string> = { ...extraHeaders, ...response.headers, 'Content-Length': String(payload.length) };
  if (contentType !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = contentType;
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}

export const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
