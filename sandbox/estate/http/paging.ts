// ARM-style paging: `{ value, nextLink }` where nextLink is an absolute URL that already carries every query
// parameter the client sent (api-version, $filter …) plus an opaque $skipToken.
import type { PageArgs } from './context.js';
import { armError, type EstateRequest, type EstateResponse } from './types.js';

const TOKEN_PREFIX = 'estate-offset:';

export const encodeSkipToken = (offset: number): string => Buffer.from(`${TOKEN_PREFIX}${offset}`).toString('base64url');

/** Offset encoded in a token, or undefined when the token was not issued by the estate. */
export function decodeSkipToken(token: string): number | undefined {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(TOKEN_PREFIX)) return undefined;
  const offset = Number(text.slice(TOKEN_PREFIX.length));
  return Number.isSafeInteger(offset) && offset >= 0 ? offset : undefined;
}

/** ARM spells it `$skipToken`, some services `$skiptoken`; accept either. */
export function skipTokenOf(query: URLSearchParams): string | undefined {
  for (const [name, value] of query) if (name.toLowerCase() === '$skiptoken') return value;
  return undefined;
}

export function page<T>(baseUrl: string, { request, items, pageSize }: PageArgs<T>): EstateResponse {
  if (!(pageSize >= 1)) throw new RangeError(`pageSize must be at least 1, got ${pageSize}`);
  const token = skipTokenOf(request.query);
  const offset = token === undefined ? 0 : decodeSkipToken(token);
  if (offset === undefined || offset > items.length) {
    return armError(400, 'InvalidSkipToken', `The $skipToken '${token ?? ''}' is not valid for this list.`);
  }
  const value = items.slice(offset, offset + pageSize);
  const next = offset + pageSize;
  return { status: 200, body: next < items.length ? { value, nextLink: nextLink(baseUrl, request, next) } : { value } };
}

function nextLink(baseUrl: string, request: EstateRequest, offset: number): string {
  const pairs: string[] = [];
  for (const [name, value] of request.query) {
    if (name.toLowerCase() !== '$skiptoken') pairs.push(`${encodeKey(name)}=${encodeURIComponent(value)}`);
  }
  pairs.push(`$skipToken=${encodeSkipToken(offset)}`);
  return `${baseUrl}${request.url.pathname}?${pairs.join('&')}`;
}

// Keep `$filter` readable as ARM does instead of `%24filter`.
const encodeKey = (name: string): string => encodeURIComponent(name).replace(/^%24/, '$');
