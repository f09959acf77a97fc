// The estate's own control API for the HTTP layer (under /_estate/, no auth): faults, latency, throttle,
// LRO pacing and the request log. Tests usually use the in-process objects; scripts and humans use these.
import { z } from 'zod';
import type { FaultRule } from './faults.js';
import type { EstateServer } from './server.js';
import { armError, type EstateRequest, type EstateResponse, type Route, type ServiceName } from './types.js';

const SERVICES = [
  'arm',
  'resourceGraph',
  'logAnalytics',
  'eventGrid',
  'teams',
  'email',
  'control',
] as const satisfies readonly ServiceName[];
const service = z.enum(SERVICES);
const nonNegative = z.number().finite().min(0);
const bucket = z.object({ burst: z.number().int().min(0), perSecond: nonNegative }).strict();

const faultBody = z
  .object({
    kind: z.enum(['throttle', 'status', 'timeout', 'reset', 'lroFail', 'brokenPage', 'respond']),
    method: z.string().min(1).optional(),
    service: service.optional(),
    path: z.string().min(1).refine(isRegex, 'path must be a valid regular expression').optional(),
    after: z.number().int().min(0).optional(),
    // JSON has no Infinity, so "Infinity" (or null) stands for "until removed".
    times: z.union([z.number().int().positive(), z.literal('Infinity'), z.null()]).optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
    status: z.union([z.literal(500), z.literal(503), z.literal(403), z.literal(200), z.literal(202)]).optional(),
    body: z.unknown().optional(),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string()).optional(),
    ms: nonNegative.optional(),
    code: z.string().min(1).optional(),
    message: z.string().min(1).optional(),
    malformed: z.boolean().optional(),
  })
  .strict();

const latencyBody = z.object({ defaultMs: nonNegative.optional(), services: z.partialRecord(service, nonNegative).optional() }).strict();
const throttleBody = z
  .object({
    enabled: z.boolean().optional(),
    reset: z.boolean().optional(),
    read: bucket.optional(),
    write: bucket.optional(),
    delete: bucket.optional(),
  })
  .strict();
const operationsBody = z
  .object({ retryAfterSeconds: z.number().int().min(0).optional(), pollsBeforeDone: z.number().int().min(0).optional() })
  .strict();

export function httpControlRoutes(server: EstateServer): Route[] {
  const control = { service: 'control', auth: 'none' } as const;
  return [
    { ...control, method: 'GET', pattern: '/_estate/faults', handler: () => ok({ value: server.faults.list().map(faultJson) }) },
    {
      ...control,
      method: 'POST',
      pattern: '/_estate/faults',
      handler: (req) =>
        withBody(req, faultBody, ({ times, ...rule }) => ({
          status: 201,
          body: faultJson(server.faults.add({ ...rule, times: times === 'Infinity' || times === null ? Infinity : times })),
        })),
    },
    {
      ...control,
      method: 'DELETE',
      pattern: '/_estate/faults',
      handler: () => {
        server.faults.clear();
        return { status: 204 };
      },
    },
    {
      ...control,
      method: 'DELETE',
      pattern: '/_estate/faults/:id',
      handler: (_req, p) =>
        server.faults.remove(p.id ?? '') ? { status: 204 } : armError(404, 'NotFound', `No fault rule '${p.id ?? ''}'.`),
    },
    { ...control, method: 'GET', pattern: '/_estate/latency', handler: () => ok(server.latency.settings()) },
    {
      ...control,
      method: 'PUT',
      pattern: '/_estate/latency',
      handler: (req) =>
        withBody(req, latencyBody, (body) => {
          if (body.defaultMs !== undefined) server.latency.set(body.defaultMs);
          for (const [name, ms] of Object.entries(body.services ?? {})) server.latency.set(ms, name as ServiceName);
          return ok(server.latency.settings());
        }),
    },
    { ...control, method: 'GET', pattern: '/_estate/throttle', handler: () => ok(throttleJson(server)) },
    {
      ...control,
      method: 'PUT',
      pattern: '/_estate/throttle',
      handler: (req) =>
        withBody(req, throttleBody, ({ enabled, reset, ...limits }) => {
          if (enabled !== undefined) server.throttle.enabled = enabled;
          if (Object.keys(limits).length > 0) server.throttle.configure(limits);
          if (reset === true) server.throttle.reset();
          return ok(throttleJson(server));
        }),
    },
    { ...control, method: 'GET', pattern: '/_estate/operations', handler: () => ok(server.operations) },
    {
      ...control,
      method: 'PUT',
      pattern: '/_estate/operations',
      handler: (req) => withBody(req, operationsBody, (body) => ok(Object.assign(server.operations, body))),
    },
    { ...control, method: 'GET', pattern: '/_estate/requests', handler: (req) => ok(requestsJson(server, req)) },
    {
      ...control,
      method: 'DELETE',
      pattern: '/_estate/requests',
      handler: () => {
        server.requests.reset();
        return { status: 204 };
      },
    },
  ];
}

const ok = (body: unknown): EstateResponse => ({ status: 200, body });

function withBody<T>(req: EstateRequest, schema: z.ZodType<T>, use: (body: T) => EstateResponse): EstateResponse {
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) return armError(400, 'InvalidRequestContent', z.prettifyError(parsed.error));
  return use(parsed.data);
}

function isRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

const faultJson = (rule: FaultRule): Record<string, unknown> => ({ ...rule, times: rule.times === Infinity ? 'Infinity' : rule.times });

const throttleJson = (server: EstateServer): Record<string, unknown> => ({
  enabled: server.throttle.enabled,
  ...server.throttle.currentLimits,
});

/** Summary counts; `?service=arm&last=50` adds the newest matching entries. */
function requestsJson(server: EstateServer, req: EstateRequest): Record<string, unknown> {
  const summary = server.requests.summary();
  const last = Number(req.query.get('last') ?? '0');
  if (!(last > 0)) return { ...summary };
  const wanted = req.query.get('service');
  const entries = server.requests.entries((entry) => wanted === null || entry.service === wanted);
  return { ...summary, entries: entries.slice(-Math.floor(last)) };
}
