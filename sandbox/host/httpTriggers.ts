// HTTP triggers: route table, method check and invocation.
// authLevel is deliberately ignored, exactly like `func start`: locally every HTTP function is reachable without a
// function or admin key (keys only exist in Azure). Code that needs the caller's identity must not rely on keys.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { output, trigger, type HttpFunctionOptions } from '@azure/functions';
import type { Invoker } from './invocation.js';
import { materialize, readBody, sendText, toHttpRequest, writeResponse, type MaterializedResponse } from './httpMessages.js';
import { compareRank, compileRoute, type CompiledRoute } from './routes.js';

/** The host's Reason text for HTTP and admin-API invocations. */
export const HOST_API_REASON = 'This function was programmatically called via the host APIs.';

interface RouteEntry {
  name: string;
  options: HttpFunctionOptions;
  route: CompiledRoute;
  methods: Set<string>;
}

export interface HttpRouteTable {
  /** Handle the request if a route matches its path (404 is left to the caller); false when none matched. */
  dispatch(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** `name: [GET,POST] http://host/api/route` lines, like `func start` prints. */
  describe(baseUrl: string): string[];
}

export function createHttpRoutes(http: ReadonlyMap<string, HttpFunctionOptions>, invoker: Invoker, routePrefix: string): HttpRouteTable {
  const entries: RouteEntry[] = [...http].map(([name, options]) => ({
    name,
    options,
    // Bad templates fail startup naming the function, as the host refuses to index it.
    route: compileRouteFor(name, options, routePrefix),
    methods: new Set((options.methods ?? ['GET', 'POST']).map((m) => m.toUpperCase())),
  }));
  entries.sort((a, b) => compareRank(a.route.rank, b.route.rank));

  async function invoke(
    entry: RouteEntry,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    params: Record<string, string>,
  ): Promise<void> {
    const body = await readBody(req);
    const request = toHttpRequest(req, url.href, params, body);
    const options = {
      trigger: trigger.http({ methods: entry.options.methods, route: entry.options.route, authLevel: entry.options.authLevel }),
      return: output.http({}),
    };
    const traceParent = typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined;
    let response: MaterializedResponse;
    try {
      const result = await invoker.invoke({ functionName: entry.name, reason: HOST_API_REASON, traceParent, options }, async (context) =>
        materialize(await entry.options.handler(request, context)),
      );
      response = result as MaterializedResponse;
    } catch {
      // Already logged with its stack by the invoker; the caller only learns that it failed, like in Azure.
      return sendText(res, 500, 'Internal Server Error');
    }
    writeResponse(res, response);
  }

  return {
    async dispatch(req, res, url) {
      const method = (req.method ?? 'GET').toUpperCase();
      const allowed = new Set<string>();
      for (const entry of entries) {
        const params = entry.route.match(url.pathname);
        if (params === undefined) continue;
        if (!entry.methods.has(method)) {
          entry.methods.forEach((m) => allowed.add(m));
          continue;
        }
        await invoke(entry, req, res, url, params);
        return true;
      }
      if (allowed.size === 0) return false;
      sendText(res, 405, `Method ${method} is not allowed here.`, { Allow: [...allowed].join(', ') });
      return true;
    },
    describe(baseUrl) {
      return [...http.keys()].map((name) => {
        const entry = entries.find((e) => e.name === name);
        const path = `/${routePrefix ? routePrefix + '/' : ''}${entry?.route.template.replace(/^\/+/, '') ?? name}`;
        return `${name}: [${[...(entry?.methods ?? [])].join(',')}] ${baseUrl}${path}`;
      });
    },
  };
}

function compileRouteFor(name: string, options: HttpFunctionOptions, routePrefix: string): CompiledRoute {
  try {
    return compileRoute(options.route ?? name, routePrefix);
  } catch (err) {
    throw new Error(`HTTP function "${name}": ${(err as Error).message}`, { cause: err });
  }
}
