// What the HTTP layer offers to route modules. Implemented by the server core (sandbox/estate/http/*),
// used by the service modules (sandbox/estate/services/*).
import type { EstateRequest, EstateResponse } from './types.js';

/** Outcome of a long-running operation, decided when the operation is created. */
export type OperationOutcome =
  | { status: 'Succeeded'; properties?: Record<string, unknown>; resultBody?: unknown }
  | { status: 'Failed' | 'Canceled'; error: { code: string; message: string } };

export interface StartOperationArgs {
  /**
   * ARM path the operation belongs to, e.g. '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v'.
   * The operation's Azure-AsyncOperation URL is `${scope}/operationStatus/{id}` and its Location `${scope}/operationResults/{id}`
   * (for AKS: `${providerScope}/locations/{loc}/operations/{id}` and `.../operationresults/{id}`; see `style`).
   */
  readonly scope: string;
  readonly apiVersion: string;
  /** 'dataProtection' (operationStatus/operationResults) or 'containerService' (locations/{loc}/operations|operationresults). */
  readonly style: 'dataProtection' | 'containerService';
  readonly location?: string;
  /** Request that started it (a 'lroFail' fault matching this request turns the outcome into Failed). */
  readonly request: EstateRequest;
  /** Called once, when the operation is created; its result is reported after `polls` status polls. */
  readonly outcome: () => OperationOutcome;
}

export interface PageArgs<T> {
  readonly request: EstateRequest;
  readonly items: readonly T[];
  readonly pageSize: number;
}

export interface HttpKit {
  /** https://127.0.0.1:PORT — origin of every simulated service. */
  readonly baseUrl: string;
  /** Start an LRO: returns the 202 response with Azure-AsyncOperation, Location and Retry-After headers. */
  startOperation(args: StartOperationArgs): EstateResponse;
  /**
   * One page of a list: `{ value, nextLink? }`. The page is chosen by the request's `$skipToken`; nextLink is an absolute
   * URL carrying the same path and query (api-version, $filter …) plus the next `$skipToken`.
   */
  page<T>(args: PageArgs<T>): EstateResponse;
}
