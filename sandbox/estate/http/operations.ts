// Long-running operations the way ARM runs them: a 202 with Azure-AsyncOperation + Location, a status resource
// that reports InProgress for a few polls, then the final OperationResource and the result behind Location.
import { randomUUID } from 'node:crypto';
import type { FaultInjector } from './faults.js';
import type { OperationOutcome, StartOperationArgs } from './context.js';
import { armError, type EstateRequest, type EstateResponse, type Route, type ServiceName } from './types.js';

export interface OperationSettings {
  /** Retry-After on the 202 and on running polls; 0 keeps SDK pollers fast (they honour the header). */
  retryAfterSeconds: number;
  /** How many polls (status or Location) answer "running" before the outcome is reported. */
  pollsBeforeDone: number;
}

const MAX_OPERATIONS = 50_000;

interface OperationRecord {
  readonly id: string;
  readonly subscription: string;
  readonly statusPath: string;
  readonly resultPath: string;
  readonly apiVersion: string;
  readonly startTime: Date;
  readonly outcome: OperationOutcome;
  endTime: Date | undefined;
  polls: number;
}

export class OperationStore {
  private readonly operations = new Map<string, OperationRecord>();

  constructor(
    private readonly baseUrl: string,
    readonly settings: OperationSettings,
    private readonly faults: FaultInjector,
    private readonly serviceOf: (request: EstateRequest) => ServiceName | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(args: StartOperationArgs): EstateResponse {
    const id = randomUUID();
    const scope = args.scope.replace(/\/+$/, '');
    const subscription = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
    if (subscription === undefined) throw new Error(`operation scope must start with /subscriptions/{id}: ${scope}`);
    let statusPath = `${scope}/operationStatus/${id}`;
    let resultPath = `${scope}/operationResults/${id}`;
    if (args.style === 'containerService') {
      if (args.location === undefined) throw new Error('containerService operations need a location');
      const prefix = `/subscriptions/${subscription}/providers/Microsoft.ContainerService/locations/${args.location}`;
      statusPath = `${prefix}/operations/${id}`;
      resultPath = `${prefix}/operationresults/${id}`;
    }
    const request = args.request;
    const fault = this.faults.take(['lroFail'], {
      method: request.method,
      service: this.serviceOf(request),
      path: request.url.pathname,
      continuation: false,
    });
    const outcome: OperationOutcome =
      fault === undefined
        ? args.outcome()
        : {
            status: 'Failed',
            error: { code: fault.code ?? 'InternalError', message: fault.message ?? 'The operation failed (injected fault).' },
          };
    const record: OperationRecord = {
      id,
      subscription,
      statusPath,
      resultPath,
      apiVersion: args.apiVersion,
      startTime: this.now(),
      outcome,
      endTime: undefined,
      polls: 0,
    };
    this.operations.set(id, record);
    // Long local runs start many operations; forget the oldest (Map keeps insertion order) past a generous cap.
    if (this.operations.size > MAX_OPERATIONS) this.operations.delete(this.operations.keys().next().value ?? '');
    return {
      status: 202,
      headers: { 'Azure-AsyncOperation': this.urlOf(record, statusPath), Location: this.urlOf(record, resultPath), ...this.retryAfter() },
    };
  }

  /** GET routes for every URL shape `start` hands out (plus DataProtection's location-scoped status form). */
  routes(): Route[] {
    const common = { method: 'GET', service: 'arm', kind: 'read', auth: 'bearer' } as const;
    return [
      { ...common, pattern: '/subscriptions/:sub/*scope/operationStatus/:id', handler: (_req, p) => this.status(p) },
      {
        ...common,
        pattern: '/subscriptions/:sub/providers/Microsoft.ContainerService/locations/:loc/operations/:id',
        handler: (_req, p) => this.status(p),
      },
      // Case-insensitive literals make this serve AKS's `operationresults` too.
      { ...common, pattern: '/subscriptions/:sub/*scope/operationResults/:id', handler: (_req, p) => this.result(p) },
    ];
  }

  private status(params: Readonly<Record<string, string>>): EstateResponse {
    const record = this.find(params);
    if (record === undefined) return notFound(params);
    const base = { id: record.statusPath, name: record.id, startTime: record.startTime.toISOString() };
    if (this.advance(record)) return { status: 200, body: { ...base, status: 'InProgress' }, headers: this.retryAfter() };
    const { outcome } = record;
    const end = { endTime: (record.endTime ?? this.now()).toISOString() };
    if (outcome.status === 'Succeeded') {
      return {
        status: 200,
        body: { ...base, status: 'Succeeded', ...end, ...(outcome.properties ? { properties: outcome.properties } : {}) },
      };
    }
    return { status: 200, body: { ...base, status: outcome.status, ...end, error: outcome.error } };
  }

  private result(params: Readonly<Record<string, string>>): EstateResponse {
    const record = this.find(params);
    if (record === undefined) return notFound(params);
    if (this.advance(record)) {
      return { status: 202, headers: { Location: this.urlOf(record, record.resultPath), ...this.retryAfter() } };
    }
    const { outcome } = record;
    if (outcome.status !== 'Succeeded') {
      const userError = /^(UserError|BadRequest|Invalid)/i.test(outcome.error.code);
      return armError(userError ? 400 : 500, outcome.error.code, outcome.error.message);
    }
    const body = outcome.resultBody ?? outcome.properties;
    return body === undefined ? { status: 204 } : { status: 200, body };
  }

  /** Counts one poll; true while the operation should still look running. */
  private advance(record: OperationRecord): boolean {
    if (record.polls < this.settings.pollsBeforeDone) {
      record.polls += 1;
      return true;
    }
    record.endTime ??= this.now();
    return false;
  }

  private find(params: Readonly<Record<string, string>>): OperationRecord | undefined {
    const record = this.operations.get(params.id ?? '');
    // Any scope inside the right subscription is accepted, like ARM's vault- and location-scoped forms.
    return record !== undefined && record.subscription.toLowerCase() === (params.sub ?? '').toLowerCase() ? record : undefined;
  }

  private urlOf(record: OperationRecord, path: string): string {
    return `${this.baseUrl}${path}?api-version=${encodeURIComponent(record.apiVersion)}`;
  }

  private retryAfter(): Record<string, string> {
    return { 'Retry-After': String(this.settings.retryAfterSeconds) };
  }
}

const notFound = (params: Readonly<Record<string, string>>): EstateResponse =>
  armError(404, 'NotFound', `Operation '${params.id ?? ''}' was not found.`);
