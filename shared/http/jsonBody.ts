// Limits on a JSON request body, checked before anything reads it field by field: its media type (415), its size
// (413) and its nesting depth (400). Each answer is JSON naming the field, like every other 4xx of the app.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';

export interface BodyLimits {
  readonly maxBytes: number;
  readonly maxDepth: number;
}

export type ReadBody = { readonly value: unknown } | { readonly response: HttpResponseInit; readonly problem: string };

const refuse = (status: number, code: string, field: string, message: string): ReadBody => ({
  problem: `${field}: ${message}`,
  response: { status, jsonBody: { error: { code, field, message } } },
});

/** `application/json` or any `+json` type, with or without parameters (RFC 6839 structured syntax suffix). */
export function isJsonMediaType(contentType: string | null): boolean {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return media === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(media);
}

export async function readJsonBody(request: HttpRequest, limits: BodyLimits): Promise<ReadBody> {
  const contentType = request.headers.get('content-type');
  if (!isJsonMediaType(contentType)) {
    return refuse(415, 'UnsupportedMediaType', 'content-type', `must be application/json, got ${JSON.stringify(contentType ?? '(none)')}`);
  }
  const tooLarge = (): ReadBody => refuse(413, 'PayloadTooLarge', '(body)', `is larger than ${limits.maxBytes} bytes`);
  // A declared length over the limit is refused before the body is read at all.
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > limits.maxBytes) return tooLarge();
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > limits.maxBytes) return tooLarge();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refuse(400, 'InvalidBody', '(body)', 'is not UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse(400, 'InvalidBody', '(body)', 'is not JSON');
  }
  const deep = tooDeep(value, limits.maxDepth);
  if (deep !== undefined) return refuse(400, 'InvalidBody', deep, `is nested deeper than ${limits.maxDepth} levels`);
  return { value };
}

/**
 * The field under which `value` nests deeper than `maxDepth` (its first three path segments), or undefined. Iterative:
 * JSON.parse builds any depth, and a recursive walk over what it built is exactly the stack overflow to avoid.
 */
export function tooDeep(value: unknown, maxDepth: number): string | undefined {
  const stack: { v: unknown; depth: number; path: readonly string[] }[] = [{ v: value, depth: 0, path: [] }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { v, depth, path } = next;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= maxDepth) return path.length === 0 ? '(body)' : fieldPath(path.slice(0, 3));
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [`[${i}]`, x]) : Object.entries(v);
    for (const [key, child] of entries) stack.push({ v: child, depth: depth + 1, path: [...path, key] });
  }
  return undefined;
}

const fieldPath = (path: readonly string[]): string => path.map((p, i) => (p.startsWith('[') || i === 0 ? p : `.${p}`)).join('');
