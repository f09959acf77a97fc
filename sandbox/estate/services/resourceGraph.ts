// Azure Resource Graph: POST /providers/Microsoft.ResourceGraph/resources evaluates KQL over `Resources` and
// `RecoveryServicesResources`. Paging follows ARG: `$top` (default 100, max 1000), `$skip`, and a `$skipToken`
// that is only issued when the result has an `id` column; without one ARG truncates and says so.
// A `$skipToken` continues the result its first page came from (kept for a minute), so a client paging through a
// large fleet sees one snapshot, and the simulator evaluates the query once rather than once per page.
import { z } from 'zod';
import type { HttpKit } from '../http/context.js';
import type { EstateResponse, Route } from '../http/types.js';
import { KqlError, runKql, toResourceGraphObjects, type KqlResult, type KqlTableSource, type KqlType } from '../kql/index.js';
import type { EstateModel } from '../model/estate.js';
import { GRAPH_COLUMNS, recoveryServicesRows, resourcesRows } from '../model/graphRows.js';
import { hash32 } from '../model/hash.js';
import { armHandler, type ApiVersions } from './arm.js';

const RESOURCE_GRAPH: ApiVersions = {
  versions: ['2021-03-01', '2022-10-01', '2024-04-01'],
  resourceType: 'resources',
  unknownCode: 'InvalidApiVersionParameter',
};

const body = z.object({
  subscriptions: z.array(z.string()).optional(),
  managementGroups: z.array(z.string()).optional(),
  query: z.string().min(1),
  options: z
    .object({
      $top: z.number().int().min(1).max(1000).optional(),
      $skip: z.number().int().min(0).optional(),
      $skipToken: z.string().optional(),
      resultFormat: z.enum(['objectArray', 'table']).optional(),
      allowPartialScopes: z.boolean().optional(),
    })
    .optional(),
  facets: z.array(z.unknown()).optional(),
});

/** ARG's table-format type names. */
const TABLE_TYPES: Record<KqlType, string> = {
  string: 'string',
  guid: 'string',
  datetime: 'datetime',
  timespan: 'string',
  dynamic: 'object',
  bool: 'boolean',
  long: 'integer',
  int: 'integer',
  real: 'number',
};

export function resourceGraphRoutes(model: EstateModel, _kit: HttpKit): Route[] {
  const results = new ResultCache();
  return [
    {
      method: 'POST',
      pattern: '/providers/Microsoft.ResourceGraph/resources',
      service: 'resourceGraph',
      kind: 'read',
      auth: 'bearer',
      handler: armHandler(RESOURCE_GRAPH, (req) => {
        const parsed = body.safeParse(req.body ?? {});
        if (!parsed.success) return badRequest('InvalidRequestContent', z.prettifyError(parsed.error));
        const { query, options = {} } = parsed.data;
        const wanted = parsed.data.subscriptions ? new Set(parsed.data.subscriptions.map((s) => s.toLowerCase())) : undefined;
        const token = options.$skipToken === undefined ? undefined : decodeToken(options.$skipToken, query);
        if (options.$skipToken !== undefined && token === undefined)
          return badRequest('InvalidSkipToken', 'The $skipToken is not valid for this query.');
        let result = token === undefined ? undefined : results.get(token.r);
        if (!result) {
          try {
            result = runKql(query, { tables: graphTables(model, wanted), now: model.clock.now() });
          } catch (error) {
            if (error instanceof KqlError) return badRequest('InvalidQuery', error.message);
            throw error;
          }
        }
        const kept = result;
        return graphPage(result, query, options, token?.o ?? options.$skip ?? 0, () => token?.r ?? results.add(kept));
      }),
    },
  ];
}

const RESULT_TTL_MS = 60_000;
const RESULTS_KEPT = 32;

/** Query results that continuation pages read from, by id; a forgotten one is simply evaluated again. */
class ResultCache {
  private readonly entries = new Map<string, { result: KqlResult; expires: number }>();
  private next = 0;

  add(result: KqlResult): string {
    const id = `${Date.now().toString(36)}.${(this.next++).toString(36)}`;
    for (const [key, entry] of this.entries) if (entry.expires < Date.now() || this.entries.size >= RESULTS_KEPT) this.entries.delete(key);
    this.entries.set(id, { result, expires: Date.now() + RESULT_TTL_MS });
    return id;
  }

  get(id: string | undefined): KqlResult | undefined {
    const entry = id === undefined ? undefined : this.entries.get(id);
    return entry && entry.expires >= Date.now() ? entry.result : undefined;
  }
}

function graphTables(model: EstateModel, wanted: ReadonlySet<string> | undefined): Record<string, KqlTableSource> {
  const resources: KqlTableSource = { columns: GRAPH_COLUMNS, rows: () => resourcesRows(model, wanted) };
  const recovery: KqlTableSource = { columns: GRAPH_COLUMNS, rows: () => recoveryServicesRows(model, wanted) };
  // ARG table names are case-insensitive.
  return { Resources: resources, resources, RecoveryServicesResources: recovery, recoveryservicesresources: recovery };
}

function graphPage(
  result: KqlResult,
  query: string,
  options: NonNullable<z.infer<typeof body>['options']>,
  skip: number,
  keep: () => string,
): EstateResponse {
  const total = result.rows.length;
  const top = options.$top ?? 100;
  const page: KqlResult = { columns: result.columns, rows: result.rows.slice(skip, skip + top) };
  const more = skip + top < total;
  const pageable = result.columns.some((c) => c.name === 'id');
  const data =
    options.resultFormat === 'table'
      ? {
          columns: page.columns.map((c) => ({ name: c.name, type: TABLE_TYPES[c.type] })),
          rows: toResourceGraphObjects(page).map((o) => page.columns.map((c) => o[c.name])),
        }
      : toResourceGraphObjects(page);
  return {
    status: 200,
    body: {
      totalRecords: total,
      count: page.rows.length,
      resultTruncated: more && !pageable ? 'true' : 'false',
      ...(more && pageable ? { $skipToken: encodeToken(skip + top, query, keep()) } : {}),
      data,
      facets: [],
    },
  };
}

const encodeToken = (offset: number, query: string, resultId: string): string =>
  Buffer.from(JSON.stringify({ o: offset, q: hash32(query), r: resultId })).toString('base64url');

function decodeToken(token: string, query: string): { o: number; r: string | undefined } | undefined {
  try {
    const { o, q, r } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; q?: unknown; r?: unknown };
    if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0 || q !== hash32(query)) return undefined;
    return { o, r: typeof r === 'string' ? r : undefined };
  } catch {
    return undefined;
  }
}

/** ARG's error shape: a generic BadRequest with the specific reason in details. */
function badRequest(detailCode: string, message: string): EstateResponse {
  return {
    status: 400,
    body: { error: { code: 'BadRequest', message: 'Please provide a valid request and query.', details: [{ code: detailCode, message }] } },
  };
}
