// The estate's HTTPS front door: one loopback origin for every simulated service, plus the HttpKit that
// route modules use for LROs and paging, and the runtime knobs (faults, latency, throttle, request log).
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpKit } from './context.js';
import { dispatch, type DispatchDeps } from './dispatch.js';
import { FaultInjector } from './faults.js';
import { LatencyControl } from './latency.js';
import { OperationStore, type OperationSettings } from './operations.js';
import { page } from './paging.js';
import { RequestLog } from './requestLog.js';
import { Router } from './router.js';
import { ArmThrottle, type ThrottleLimits } from './throttle.js';
import { generateCertificate } from './tls.js';
import type { EstateRequest, Route, ServiceName } from './types.js';

export interface EstateServerOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /** Default latency for every service, in ms (default 0). */
  readonly latencyMs?: number;
  /** ARM throttle model on/off (default on) and its bucket sizes. */
  readonly throttle?: boolean;
  readonly throttleLimits?: Partial<ThrottleLimits>;
  /** Retry-After on LRO responses (default 0: SDK pollers honour it, so anything else slows every caller). */
  readonly lroRetryAfterSeconds?: number;
  /** Polls that still report InProgress before an LRO finishes (default 1). */
  readonly lroPollsBeforeDone?: number;
  /** Key accepted in `aeg-sas-key` on 'bearerOrSas' routes (default: random). */
  readonly sasKey?: string;
  /** Clock for operation start/end times (default: wall clock). */
  readonly now?: () => Date;
  readonly log?: (line: string) => void;
}

export interface EstateServer {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  /** PEM certificate to trust (`tlsOptions: { ca }`). */
  readonly ca: string;
  readonly sasKey: string;
  readonly kit: HttpKit;
  readonly faults: FaultInjector;
  readonly latency: LatencyControl;
  readonly throttle: ArmThrottle;
  readonly requests: RequestLog;
  /** LRO pacing, changeable at runtime. */
  readonly operations: OperationSettings;
  /** Routes are tried in the order added; the LRO status routes are registered first. */
  addRoutes(routes: readonly Route[]): void;
  close(): Promise<void>;
}

export async function startEstateServer(options: EstateServerOptions = {}): Promise<EstateServer> {
  const certificate = await generateCertificate();
  const router = new Router();
  const faults = new FaultInjector();
  const latency = new LatencyControl(options.latencyMs ?? 0);
  const throttle = new ArmThrottle({ enabled: options.throttle ?? true, limits: options.throttleLimits ?? {} });
  const requests = new RequestLog();
  const services = new WeakMap<EstateRequest, ServiceName>();
  const lifetime = new AbortController();
  // Every request held by latency listens on this one signal; dozens at once are normal, not a leak.
  setMaxListeners(0, lifetime.signal);
  const inFlight = new Set<Promise<void>>();
  const sasKey = options.sasKey ?? randomBytes(32).toString('base64');

  const server = createServer({ key: certificate.key, cert: certificate.cert });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Attached after listen() because the dispatcher needs the final URL; nobody knows the port before that.
  const deps: DispatchDeps = {
    baseUrl: url,
    router,
    faults,
    latency,
    throttle,
    requests,
    sasKey,
    signal: lifetime.signal,
    services,
    log: options.log,
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const running: Promise<void> = dispatch(deps, req, res)
      .catch((error: unknown) => {
        options.log?.(`estate: request failed: ${String(error)}`);
        res.destroy();
      })
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
  });

  const settings: OperationSettings = {
    retryAfterSeconds: options.lroRetryAfterSeconds ?? 0,
    pollsBeforeDone: options.lroPollsBeforeDone ?? 1,
  };
  const operations = new OperationStore(url, settings, faults, (request) => services.get(request), options.now);
  router.add(operations.routes());
  const kit: HttpKit = {
    baseUrl: url,
    startOperation: (args) => operations.start(args),
    page: (args) => page(url, args),
  };

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      lifetime.abort(); // ends latency sleeps and held (timeout-fault) requests
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await Promise.allSettled([...inFlight]);
      await closed;
    })();
    return closing;
  };

  options.log?.(`estate listening on ${url}`);
  return {
    url,
    ca: certificate.cert,
    sasKey,
    kit,
    faults,
    latency,
    throttle,
    requests,
    operations: settings,
    addRoutes: (routes) => router.add(routes),
    close,
  };
}
