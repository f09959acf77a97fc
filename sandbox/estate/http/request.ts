// Turning a raw Node request into an EstateRequest: body, JSON, and who is calling.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** ARM rejects request bodies above 4 MB; the estate does the same so a runaway client fails loudly. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface RawBody {
  readonly bytes: Buffer;
  readonly tooLarge: boolean;
}

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<RawBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    // Keep draining past the limit so the client gets an answer instead of a broken pipe.
    if (size > limit) tooLarge = true;
    else chunks.push(buffer);
  }
  return { bytes: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge };
}

export function isJsonContentType(contentType: string | undefined): boolean {
  // application/json, application/cloudevents-batch+json, text/json … all count.
  return contentType !== undefined && /[/+]json\b/i.test(contentType);
}

export type ParsedBody = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

export function parseBody(bytes: Buffer, contentType: string | undefined): ParsedBody {
  if (bytes.length === 0 || !isJsonContentType(contentType)) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const match = authorization === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
}

/**
 * The caller's identity as ARM would key throttling on it. The estate trusts any token (there is no Entra ID here),
 * so the JWT payload is decoded without verification; opaque tokens get a stable short hash instead.
 */
export function principalOf(token: string): string {
  const payload = token.split('.')[1];
  if (payload !== undefined) {
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
      if (typeof claims === 'object' && claims !== null) {
        const { oid, sub } = claims as { oid?: unknown; sub?: unknown };
        if (typeof oid === 'string' && oid !== '') return oid;
        if (typeof sub === 'string' && sub !== '') return sub;
      }
    } catch {
      // not a JWT: fall through to the hash
    }
  }
  return 'token-' + createHash('sha256').update(token).digest('hex').slice(0, 12);
}
