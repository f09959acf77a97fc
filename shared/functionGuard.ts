// What every trigger does around its use case, in one place so that each function file stays a registration:
// - a feature switched off (FEATURES_OFF) says so once per process and does nothing (a 404 for HTTP);
// - the HTTP path runs inside its short retry budget (adapters/httpBudget.ts), so a broken upstream is answered
//   within about 5 s;
// - an upstream that is down, unreachable or untrusted is an expected condition: one structured log line, never a
//   stack. The HTTP path answers 503 naming the setting; timers and Event Grid triggers still fail the invocation
//   (Event Grid redelivers, a failed run stays visible) with an error whose stack is its one-line message.
// Anything else fails the invocation with its full stack: that is a bug to see.
import type { HttpHandler, HttpResponseInit, InvocationContext, Timer } from '@azure/functions';
import { withHttpBudget } from './adapters/arm/httpBudget.js';
import { endpointTable, UpstreamError, upstreamFailure, type UpstreamFailure } from './adapters/arm/upstream.js';
import { services } from './composition.js';
import type { Feature } from './config/features.js';
import { featureOffResponse, upstreamResponse } from './http/upstreamResponse.js';

type Handler<T> = (input: T, context: InvocationContext) => unknown;

const announced = new Set<string>();

function switchedOff(feature: Feature | undefined, context: InvocationContext): boolean {
  if (feature === undefined || !services().config.features.off.has(feature)) return false;
  if (!announced.has(context.functionName)) {
    announced.add(context.functionName);
    context.log(`${context.functionName}: feature ${feature} is switched off (FEATURES_OFF); it does nothing until it is switched on`);
  }
  return true;
}

function failureOf(error: unknown): UpstreamFailure | undefined {
  if (error instanceof UpstreamError) return error.failure;
  return upstreamFailure(error, endpointTable(services().config));
}

/** One line: the failure's fields as JSON after a fixed prefix, easy to grep and to query in Application Insights. */
const logFailure = (context: InvocationContext, f: UpstreamFailure): void =>
  context.error(`upstream unavailable ${JSON.stringify({ function: context.functionName, ...f })}`);

export function httpFunction(feature: Feature | undefined, handler: HttpHandler): HttpHandler {
  return async (request, context): Promise<HttpResponseInit> => {
    if (switchedOff(feature, context)) return featureOffResponse(feature!);
    try {
      return await withHttpBudget(async () => handler(request, context));
    } catch (e) {
      const failure = failureOf(e);
      if (!failure) throw e;
      logFailure(context, failure);
      return upstreamResponse(failure);
    }
  };
}

export function timerFunction(feature: Feature, handler: Handler<Timer>): Handler<Timer> {
  return triggerFunction(feature, handler);
}

export function eventFunction<T>(feature: Feature, handler: Handler<T>): Handler<T> {
  return triggerFunction(feature, handler);
}

function triggerFunction<T>(feature: Feature, handler: Handler<T>): Handler<T> {
  return async (event, context): Promise<void> => {
    if (switchedOff(feature, context)) return;
    try {
      await handler(event, context);
    } catch (e) {
      const failure = failureOf(e);
      if (!failure) throw e;
      logFailure(context, failure);
      throw new UpstreamError(failure, { cause: e });
    }
  };
}
