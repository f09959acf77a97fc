// Non-HTTP invocations: the host's admin "run now" API (POST /admin/functions/{name} with {"input": "..."}, 202 once
// started) and the programmatic runFunction() behind it. No master key is demanded locally, like `func start`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { trigger } from '@azure/functions';
import { HOST_API_REASON } from './httpTriggers.js';
import type { Invoker } from './invocation.js';
import { readBody, sendText } from './httpMessages.js';
import type { FunctionRegistry } from './registry.js';
import type { TimerScheduler } from './timers.js';

export interface AdminDeps {
  registry: FunctionRegistry;
  invoker: Invoker;
  timers: TimerScheduler;
}

/** Registered name for a case-insensitive lookup (the host's function names are case-insensitive). */
export function canonicalName(names: Iterable<string>, requested: string): string | undefined {
  const wanted = requested.toLowerCase();
  for (const name of names) if (name.toLowerCase() === wanted) return name;
  return undefined;
}

/**
 * Run a timer or Event Grid function once and wait for it; rejects with the handler's error.
 * Timer: `input` is ignored (as by the host). Event Grid: `input` is the event - a JSON string is parsed, an array
 * runs once per event.
 */
export async function runFunction(deps: AdminDeps, requested: string, input?: unknown): Promise<void> {
  const { registry } = deps;
  const timerName = canonicalName(registry.timers.keys(), requested);
  if (timerName !== undefined) return deps.timers.run(timerName, HOST_API_REASON);
  const egName = canonicalName(registry.eventGrid.keys(), requested);
  const eg = egName === undefined ? undefined : registry.eventGrid.get(egName);
  if (egName !== undefined && eg) {
    const parsed: unknown = typeof input === 'string' && input.trim() !== '' ? JSON.parse(input) : input;
    for (const event of Array.isArray(parsed) ? parsed : [parsed]) {
      await deps.invoker.invoke({ functionName: egName, reason: HOST_API_REASON, options: { trigger: trigger.eventGrid({}) } }, (context) =>
        eg.handler(event, context),
      );
    }
    return;
  }
  if (canonicalName(registry.http.keys(), requested) !== undefined) {
    throw new Error(`"${requested}" is an HTTP function: call its URL instead of runFunction().`);
  }
  throw new Error(`No function named "${requested}" (known: ${registry.names().join(', ') || 'none'}).`);
}

/** POST /admin/functions/{name}: answers 202 as soon as the run has started; the outcome goes to the log. */
export async function handleAdminInvoke(req: IncomingMessage, res: ServerResponse, requested: string, deps: AdminDeps): Promise<void> {
  if (req.method !== 'POST') return sendText(res, 405, 'Use POST to run a function.', { Allow: 'POST' });
  const { registry } = deps;
  const known = canonicalName([...registry.timers.keys(), ...registry.eventGrid.keys()], requested);
  if (known === undefined) {
    if (canonicalName(registry.http.keys(), requested) !== undefined) {
      return sendText(res, 400, `"${requested}" is an HTTP function; call its URL instead.`);
    }
    return sendText(res, 404, `Function '${requested}' not found.`);
  }
  const raw = (await readBody(req)).toString('utf8').trim();
  let input: unknown;
  try {
    input = raw === '' ? undefined : (JSON.parse(raw) as { input?: unknown } | null)?.input;
    // An Event Grid input is the event as a JSON string: reject a bad one now rather than after answering 202.
    if (registry.eventGrid.has(known) && typeof input === 'string' && input.trim() !== '') JSON.parse(input);
  } catch {
    return sendText(res, 400, 'The body must be JSON like {"input": "..."}; for Event Grid, input is the event as JSON.');
  }
  // Handler failures are logged (with stack) by the invoker; the caller of the admin API only gets the 202.
  runFunction(deps, known, input).catch(() => undefined);
  sendText(res, 202, '');
}
