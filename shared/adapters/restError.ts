// Recognises the SDKs' RestError the way @azure/core-rest-pipeline's own isRestError does (by name), so that judging
// an error imports no pipeline package: the adapters load those only when they send a request, and every SDK here
// throws the same class.

export interface RestErrorLike extends Error {
  readonly statusCode?: number;
  readonly code?: string;
}

export function isRestError(e: unknown): e is RestErrorLike {
  return e instanceof Error && e.name === 'RestError';
}

/** The HTTP status of a RestError (undefined for anything else, and for a RestError that never got an answer). */
export const restStatus = (e: unknown): number | undefined => (isRestError(e) ? e.statusCode : undefined);
