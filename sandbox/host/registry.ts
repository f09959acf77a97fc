// Captures the app's own `app.http` / `app.timer` / `app.eventGrid` registrations so the local host can serve them.
// Outside the Functions host, @azure/functions runs in "test mode" and silently skips every registration, so the
// public entry points are replaced by recorders BEFORE any function module is imported. Each entry is replaced
// separately because `app.get` & co. call the module-internal `http`, not the exported property.
import {
  app,
  type AppStartHandler,
  type AppTerminateHandler,
  type EventGridFunctionOptions,
  type HttpFunctionOptions,
  type HttpHandler,
  type HttpMethod,
  type HttpMethodFunctionOptions,
  type SetupOptions,
  type TimerFunctionOptions,
} from '@azure/functions';
import { Disposable } from './functionsRuntime.js';
import { fromGeneric } from './genericOptions.js';
import { consoleLog, hostEntry, type LogSink } from './log.js';

export type TriggerKind = 'http' | 'timer' | 'eventGrid';

export interface FunctionRegistry {
  readonly http: ReadonlyMap<string, HttpFunctionOptions>;
  readonly timers: ReadonlyMap<string, TimerFunctionOptions>;
  readonly eventGrid: ReadonlyMap<string, EventGridFunctionOptions<unknown>>;
  /** Functions whose trigger the local host cannot run: name → the `app.*` call that registered it. */
  readonly unsupported: ReadonlyMap<string, string>;
  /** Merged `app.setup(...)` options (recorded only; the local host always buffers HTTP bodies). */
  readonly setupOptions: Readonly<SetupOptions>;
  /** Names of `app.hook.*` registrations, in order, e.g. 'appStart'. */
  readonly hooks: readonly string[];
  /** `app.hook.appStart` / `appTerminate` handlers: the local host runs them as the worker does (at start, at stop). */
  readonly appStart: readonly AppStartHandler[];
  readonly appTerminate: readonly AppTerminateHandler[];
  /** True until stopCapture(). */
  readonly capturing: boolean;
  /** All supported function names, in registration order. */
  names(): string[];
  /** Put the original `app.*` functions back (tests; a second capture needs it). */
  stopCapture(): void;
}

const VERBS = { get: 'GET', put: 'PUT', post: 'POST', patch: 'PATCH', deleteRequest: 'DELETE' } as const satisfies Record<
  string,
  HttpMethod
>;
// Same rule as the host's function name validation (case-insensitive).
const VALID_NAME = /^[a-z][a-z0-9_-]{0,127}$/i;

let active = false;

export function captureRegistrations(options: { log?: LogSink } = {}): FunctionRegistry {
  if (active) throw new Error('captureRegistrations() is already active; call stopCapture() on the previous registry first.');
  const log = options.log ?? consoleLog;
  const http = new Map<string, HttpFunctionOptions>();
  const timers = new Map<string, TimerFunctionOptions>();
  const eventGrid = new Map<string, EventGridFunctionOptions<unknown>>();
  const unsupported = new Map<string, string>();
  const kinds = new Map<string, string>(); // lower-cased name → registering call, for duplicate detection
  const order: string[] = [];
  const setupOptions: SetupOptions = {};
  const hooks: string[] = [];
  const appStart: AppStartHandler[] = [];
  const appTerminate: AppTerminateHandler[] = [];

  // The host refuses to start an app with an invalid or duplicate function name; so does the local host.
  const claim = (name: string, via: string): void => {
    if (!VALID_NAME.test(name))
      throw new Error(`${via}: "${name}" is not a valid function name (letters, digits, _ and -, starting with a letter).`);
    const previous = kinds.get(name.toLowerCase());
    if (previous !== undefined) {
      throw new Error(`Function "${name}" is registered twice (${previous} and ${via}); function names must be unique (case-insensitive).`);
    }
    kinds.set(name.toLowerCase(), via);
  };
  const addHttp = (name: string, o: HttpFunctionOptions, via: string): void => {
    claim(name, via);
    // Same defaults as @azure/functions' trigger.http(): GET and POST, anonymous.
    http.set(name, { ...o, methods: o.methods ?? ['GET', 'POST'], authLevel: o.authLevel ?? 'anonymous' });
    order.push(name);
  };
  const addTimer = (name: string, o: TimerFunctionOptions, via: string): void => {
    claim(name, via);
    timers.set(name, o);
    order.push(name);
  };
  const addEventGrid = (name: string, o: EventGridFunctionOptions<unknown>, via: string): void => {
    claim(name, via);
    eventGrid.set(name, o);
    order.push(name);
  };
  const addUnsupported = (name: string, via: string): void => {
    claim(name, via);
    unsupported.set(name, via);
    log(
      hostEntry(
        'warning',
        { functionName: name },
        `${via}("${name}") is not supported by the local host; this function will never run locally.`,
      ),
    );
  };

  const target = app as unknown as Record<string, unknown>;
  const hookTarget = app.hook as unknown as Record<string, unknown>;
  // Replaced through descriptors: most entries are plain values, but `app.setup` is a getter-only re-export.
  const saved: Array<[Record<string, unknown>, string, PropertyDescriptor]> = [];
  const replace = (obj: Record<string, unknown>, key: string, value: unknown): void => {
    const original = Object.getOwnPropertyDescriptor(obj, key);
    if (original) saved.push([obj, key, original]);
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  };

  // Any trigger this host does not know (including ones added in later @azure/functions versions) is recorded as
  // unsupported instead of being silently dropped.
  for (const key of Object.keys(target)) {
    if (key !== 'setup' && key !== 'hook') replace(target, key, (name: string) => addUnsupported(name, `app.${key}`));
  }
  replace(target, 'http', (name: string, o: HttpFunctionOptions) => addHttp(name, o, 'app.http'));
  for (const [key, method] of Object.entries(VERBS)) {
    replace(target, key, (name: string, o: HttpMethodFunctionOptions | HttpHandler) =>
      addHttp(name, { ...(typeof o === 'function' ? { handler: o } : o), methods: [method] }, `app.${key}`),
    );
  }
  replace(target, 'timer', (name: string, o: TimerFunctionOptions) => addTimer(name, o, 'app.timer'));
  replace(target, 'eventGrid', (name: string, o: EventGridFunctionOptions<unknown>) => addEventGrid(name, o, 'app.eventGrid'));
  replace(target, 'generic', (name: string, o: Parameters<typeof fromGeneric>[0]) => {
    const converted = fromGeneric(o);
    if (converted.kind === 'http') addHttp(name, converted.options, 'app.generic');
    else if (converted.kind === 'timer') addTimer(name, converted.options, 'app.generic');
    else if (converted.kind === 'eventGrid') addEventGrid(name, converted.options, 'app.generic');
    else addUnsupported(name, `app.generic(${converted.type})`);
  });
  replace(target, 'setup', (o: SetupOptions) => void Object.assign(setupOptions, o));
  // App-level hooks run as in the worker (appStart before anything is served, appTerminate on stop); invocation and
  // log hooks are recorded only. A disposed hook is taken off its list, as with the real registration.
  const lists: Partial<Record<string, unknown[]>> = { appStart, appTerminate };
  for (const key of Object.keys(hookTarget)) {
    replace(hookTarget, key, (handler: unknown) => {
      hooks.push(key);
      const list = lists[key];
      if (!list) {
        log(hostEntry('warning', {}, `app.hook.${key} registered: the local host records it but does not run it.`));
        return new Disposable(() => undefined);
      }
      list.push(handler);
      return new Disposable(() => {
        const at = list.indexOf(handler);
        if (at >= 0) list.splice(at, 1);
      });
    });
  }
  active = true;

  return {
    http,
    timers,
    eventGrid,
    unsupported,
    setupOptions,
    hooks,
    appStart,
    appTerminate,
    get capturing() {
      return saved.length > 0;
    },
    names: () => [...order],
    stopCapture() {
      if (saved.length === 0) return;
      // Restore in reverse so a key replaced twice ends with its true original.
      for (const [obj, key, descriptor] of saved.reverse()) Object.defineProperty(obj, key, descriptor);
      saved.length = 0;
      active = false;
    },
  };
}

/** Which trigger a registered function has, or undefined. */
export function triggerKindOf(registry: FunctionRegistry, name: string): TriggerKind | undefined {
  if (registry.http.has(name)) return 'http';
  if (registry.timers.has(name)) return 'timer';
  if (registry.eventGrid.has(name)) return 'eventGrid';
  return undefined;
}
