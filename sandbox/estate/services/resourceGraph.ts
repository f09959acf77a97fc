// Azure Resource Graph: POST /providers/Microsoft.ResourceGraph/resources evaluates KQL over `Resources` and
// `RecoveryServicesResources`. Paging follows ARG: `$top` (default 100, max 1000), `$skip`, and a `$skipToken`
// that is only issued when the result has an `id` column; without one ARG truncates and says so.
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
        const tables = graphTables(model, wanted);
        let result: KqlResult;
        try {
          result = runKql(query, { tables, now: model.clock.now() });
        } catch (error) {
          if (error instanceof KqlError) return badRequest('InvalidQuery', error.message);
          throw error;
        }
        return graphPage(result, query, options);
      }),
    },
  ];
}

function graphTables(model: EstateModel, wanted: ReadonlySet<string> | undefined): Record<string, KqlTableSource> {
  const resources: KqlTableSource = { columns: GRAPH_COLUMNS, rows: () => resourcesRows(model, wanted) };
  const recovery: KqlTableSource = { columns: GRAPH_COLUMNS, rows: () => recoveryServicesRows(model, wanted) };
  // ARG table names are case-insensitive.
  return { Resources: resources, resources, RecoveryServicesResources: recovery, recoveryservicesresources: recovery };
}

function graphPage(result: KqlResult, query: string, options: NonNullable<z.infer<typeof body>['options']>): EstateResponse {
  const total = result.rows.length;
  const top = options.$top ?? 100;
  let skip = options.$skip ?? 0;
  if (options.$skipToken !== undefined) {
    const offset = decodeToken(options.$skipToken, query);
    if (offset === undefined) return badRequest('InvalidSkipToken', 'The $skipToken is not valid for this query.');
    skip = offset;
  }
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
      ...(more && pageable ? { $skipToken: encodeToken(skip + top, query) } : {}),
      data,
      facets: [],
    },
  };
}

const encodeToken = (offset: number, query: string): string =>
  Buffer.from(JSON.stringify({ o: offset, q: hash32(query) })).toString('base64url');

function decodeToken(token: string, query: string): number | undefined {
  try {
    const { o, q } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; q?: unknown };
    return typeof o === 'number' && Number.isSafeInteger(o) && o >= 0 && q === hash32(query) ? o : undefined;
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
