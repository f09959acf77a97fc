// Shared plumbing for the model's ARM-style routes: api-version checks as ARM answers them, and ModelError →
// `{ error: { code, message, target } }` responses.
import type { HttpKit } from '../http/context.js';
import { ModelError } from '../model/errors.js';
import { armError, type EstateRequest, type EstateResponse } from '../http/types.js';

/** The model answers synchronously; keeping handlers sync lets the wrapper catch every ModelError. */
export type SyncHandler = (req: EstateRequest, params: Readonly<Record<string, string>>) => EstateResponse;

export interface ApiVersions {
  readonly versions: readonly string[];
  /** Resource type named in the error, e.g. 'backupVaults'. */
  readonly resourceType: string;
  /**
   * How an unknown version is refused: DataProtection answers InvalidApiVersionParameter, while for AKS the ARM
   * front door answers NoRegisteredProviderFound.
   */
  readonly unknownCode: 'InvalidApiVersionParameter' | 'NoRegisteredProviderFound';
}

/** DataProtection versions the estate speaks (the service's enum in the 2026-03-01 spec). */
export const DATA_PROTECTION: ApiVersions = {
  versions: ['2025-07-01', '2025-09-01', '2026-03-01', '2026-04-01-preview'],
  resourceType: 'backupVaults',
  unknownCode: 'InvalidApiVersionParameter',
};

/** AKS versions accepted, including @azure/arm-containerservice 25.3's default (2026-04-01). */
export const CONTAINER_SERVICE: ApiVersions = {
  versions: ['2025-07-01', '2025-08-01', '2025-09-01', '2025-10-01', '2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01'],
  resourceType: 'managedClusters',
  unknownCode: 'NoRegisteredProviderFound',
};

export const apiVersionOf = (req: EstateRequest): string | null => req.query.get('api-version');

/** The 400 ARM gives for a missing or unknown api-version; undefined when the version is fine. */
export function checkApiVersion(req: EstateRequest, api: ApiVersions): EstateResponse | undefined {
  const version = apiVersionOf(req);
  if (version === null || version === '') {
    return armError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
  }
  if (api.versions.includes(version)) return undefined;
  const supported = api.versions.join(', ');
  return api.unknownCode === 'InvalidApiVersionParameter'
    ? armError(
        400,
        api.unknownCode,
        `The api-version '${version}' is invalid. The supported versions for resource type '${api.resourceType}' are '${supported}'.`,
      )
    : armError(
        400,
        api.unknownCode,
        `No registered resource provider found for API version '${version}' and type '${api.resourceType}'. The supported api-versions are '${supported}'.`,
      );
}

export function modelErrorResponse(error: ModelError): EstateResponse {
  return {
    status: error.status,
    body: { error: { code: error.code, message: error.message, ...(error.target ? { target: error.target } : {}) } },
  };
}

/** Turns thrown ModelErrors into ARM error responses. */
export function catchModelErrors(handler: SyncHandler): SyncHandler {
  return (req, params) => {
    try {
      return handler(req, params);
    } catch (error) {
      if (error instanceof ModelError) return modelErrorResponse(error);
      throw error;
    }
  };
}

/** Checks api-version first, then runs the handler with ModelErrors mapped to responses. */
export function armHandler(api: ApiVersions, handler: SyncHandler): SyncHandler {
  const guarded = catchModelErrors(handler);
  return (req, params) => checkApiVersion(req, api) ?? guarded(req, params);
}

export const ok = (body: unknown, headers?: Record<string, string>): EstateResponse => ({
  status: 200,
  body,
  ...(headers ? { headers } : {}),
});

/**
 * One page of a list whose items are expensive to render: pages over the model records and renders only the
 * page (a vault can hold tens of thousands of jobs, and a client reads them 50 at a time).
 */
export function pageOf<T>(
  kit: HttpKit,
  request: EstateRequest,
  records: readonly T[],
  pageSize: number,
  render: (record: T) => unknown,
): EstateResponse {
  const response = kit.page({ request, items: records, pageSize });
  const body = response.body as { value?: T[]; nextLink?: string } | undefined;
  if (response.status !== 200 || !body?.value) return response;
  return { ...response, body: { ...body, value: body.value.map(render) } };
}
