// A local stand-in for the Functions host (Core Tools cannot be installed here): one node:http server that serves
// the captured registrations on the host's own URLs - /api/<route> for HTTP triggers, the admin run-now API,
// the Event Grid webhook, a status page - and runs timers on their schedules.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalName, handleAdminInvoke, runFunction, type AdminDeps } from './adminApi.js';
import { handleEventGridWebhook } from './eventGridWebhook.js';
import { sendJson, sendText } from './httpMessages.js';
import { AppStartContext, AppTerminateContext } from './functionsRuntime.js';
import { createHttpRoutes } from './httpTriggers.js';
import { createInvoker } from './invocation.js';
import { consoleLog, describeError, hostEntry, type LogEntry } from './log.js';
import type { FunctionRegistry } from './registry.js';
import { createTimerScheduler } from './timers.js';

export interface LocalHostOptions {
  /** Default 7071 like `func start`; 0 = a random free port. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  registry: FunctionRegistry;
  /** Structured log sink; default: one line per entry on stdout. */
  log?: (entry: LogEntry) => void;
  /** 'manual' disables schedules and runOnStartup (tests call runFunction). Default 'schedule'. */
  timers?: 'schedule' | 'manual';
  /** host.json extensions.http.routePrefix; default 'api'. */
  routePrefix?: string;
  /** How long close() waits for running invocations; default 5000 ms. */
  drainTimeoutMs?: number;
}

export interface LocalHost {
  /** e.g. http://127.0.0.1:7071 (no trailing slash). */
  readonly url: string;
  /** Run a timer or Event Grid function now and wait for it; rejects with the handler's error. */
  runFunction(name: string, input?: unknown): Promise<void>;
  /** Stop timers, wait (bounded) for running invocations, close the server. Idempotent. */
  close(): Promise<void>;
}

export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  const { registry } = options;
  const log = options.log ?? consoleLog;
  // As the Node worker does: appStart hooks run once, in registration order, before any function can be invoked; one
  // that throws stops the start (the app's settings check lives there). App-level hooks share one hookData, appTerminate included.
  const appHookData: Record<string, unknown> = {};
  for (const hook of registry.appStart) {
    try {
      await hook(new AppStartContext({ hookData: appHookData }));
    } catch (err) {
      throw new Error(`app.hook.appStart failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
  const invoker = createInvoker(log);
  // Both throw on a bad schedule or route template, naming the function: the host would refuse to index it.
  const timers = createTimerScheduler({ timers: registry.timers, invoker, log, mode: options.timers ?? 'schedule' });
  const routes = createHttpRoutes(registry.http, invoker, options.routePrefix ?? 'api');
  const deps: AdminDeps = { registry, invoker, timers };
  let closing = false;

  for (const [name, o] of [...registry.http, ...registry.timers, ...registry.eventGrid]) {
    if ((o.extraInputs?.length ?? 0) > 0 || (o.extraOutputs?.length ?? 0) > 0) {
      log(
        hostEntry(
          'warning',
          { functionName: name },
          'extraInputs/extraOutputs bindings are not emulated locally (inputs read undefined, outputs are dropped).',
        ),
      );
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const path = url.pathname;
    if (closing) return sendText(res, 503, 'The local host is shutting down.', { Connection: 'close' });
    if (/^\/runtime\/webhooks\/eventgrid\/?$/i.test(path)) {
      return handleEventGridWebhook(req, res, url, {
        invoker,
        findFunction(requested) {
          const name = canonicalName(registry.eventGrid.keys(), requested);
          const fn = name === undefined ? undefined : registry.eventGrid.get(name);
          return name !== undefined && fn ? [name, fn] : undefined;
        },
      });
    }
    const admin = /^\/admin\/functions\/([^/]+)\/?$/i.exec(path);
    if (admin?.[1] !== undefined) return handleAdminInvoke(req, res, decodeURIComponent(admin[1]), deps);
    if (await routes.dispatch(req, res, url)) return;
    if (req.method === 'GET' && (path === '/' || /^\/admin\/host\/status\/?$/i.test(path))) return sendJson(res, 200, status());
    sendText(res, 404, 'Not Found');
  }

  function status(): object {
    return {
      state: closing ? 'Stopping' : 'Running',
      functions: [
        ...[...registry.http].map(([name, o]) => ({ name, trigger: 'httpTrigger', methods: o.methods, route: o.route ?? name })),
        ...[...registry.timers].map(([name, o]) => ({ name, trigger: 'timerTrigger', schedule: o.schedule })),
        ...[...registry.eventGrid.keys()].map((name) => ({ name, trigger: 'eventGridTrigger' })),
      ],
      unsupported: [...registry.unsupported].map(([name, via]) => ({ name, registeredWith: via })),
    };
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug in the host itself (a handler's error never gets here): report it, keep serving.
      log(hostEntry('error', {}, `Local host failed on ${req.method} ${req.url}: ${describeError(err)}`));
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error');
      else res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void =>
      reject(new Error(`Local host cannot listen on ${host}:${options.port ?? 7071}: ${err.message}`, { cause: err }));
    server.once('error', onError);
    server.listen(options.port ?? 7071, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  log(hostEntry('information', {}, `Local Functions host listening on ${url} (auth keys are not checked locally)`));
  for (const line of routes.describe(url)) log(hostEntry('information', {}, `  ${line}`));
  for (const [name, o] of registry.timers) log(hostEntry('information', {}, `  ${name}: timerTrigger "${o.schedule}"`));
  for (const name of registry.eventGrid.keys()) {
    log(hostEntry('information', {}, `  ${name}: eventGridTrigger ${url}/runtime/webhooks/eventgrid?functionName=${name}`));
  }
  timers.start();

  let closed: Promise<void> | undefined;
  return {
    url,
    runFunction: (name, input) => runFunction(deps, name, input),
    close() {
      closed ??= (async () => {
        closing = true;
        timers.stop();
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        if (!(await invoker.drain(options.drainTimeoutMs ?? 5000))) {
          log(hostEntry('warning', {}, `Closing with ${invoker.inFlight} invocation(s) still running.`));
        }
        server.closeAllConnections();
        await serverClosed;
        for (const hook of registry.appTerminate) {
          try {
            await hook(new AppTerminateContext({ hookData: appHookData }));
          } catch (err) {
            log(hostEntry('error', {}, `app.hook.appTerminate failed: ${describeError(err)}`));
          }
        }
        log(hostEntry('information', {}, 'Local Functions host stopped.'));
      })();
      return closed;
    },
  };
}
