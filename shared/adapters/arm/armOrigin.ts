// ARM hands back URLs to follow: `nextLink` on every pageable list, Azure-AsyncOperation / Location on every
// long-running operation. Followed blindly, a URL on another host (a compromised or spoofed answer, a proxy that
// rewrites bodies) would receive the app's ARM bearer token. This policy runs before the token is attached and
// refuses any request whose origin (scheme, host and port) is not the configured endpoint's, so nothing is sent there.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

export const ARM_ORIGIN_POLICY = 'armOriginGuard';

/** A request to a URL that is not on the configured ARM origin: refused before it was sent. */
export class ForeignOriginError extends Error {
  override readonly name = 'ForeignOriginError';
  constructor(
    /** Origin of the refused URL (scheme, host and port only: its path and query are not repeated). */
    readonly refusedOrigin: string,
    readonly allowedOrigin: string,
  ) {
    super(
      `refused to follow a URL to ${refusedOrigin}: ARM answered a nextLink or operation URL outside the configured ` +
        `endpoint ${allowedOrigin} (ARM_ENDPOINT), and the ARM token is only ever sent there`,
    );
  }
}

/** Origin of a URL, or undefined when it is not one (an unparseable URL is refused like a foreign one). */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Throws ForeignOriginError unless `url` is on `allowedOrigin`. */
export function assertSameOrigin(url: string, allowedOrigin: string): void {
  const origin = originOf(url);
  if (origin !== allowedOrigin) throw new ForeignOriginError(origin ?? '(not a URL)', allowedOrigin);
}

/** The pipeline policy: placed in the Serialize phase, ahead of the bearer-token policy and the retry policy. */
export function armOriginPolicy(endpoint: string): PipelinePolicy {
  const allowed = originOf(endpoint);
  if (allowed === undefined) throw new Error(`ARM endpoint ${JSON.stringify(endpoint)} is not a URL`);
  return {
    name: ARM_ORIGIN_POLICY,
    sendRequest(request, next) {
      assertSameOrigin(request.url, allowed);
      return next(request);
    },
  };
}
