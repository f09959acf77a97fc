// Runs one function invocation like the host does: a fresh InvocationContext (uuid id, W3C trace context, logs
// routed to the structured sink), "Executing/Executed" host logs, and tracking of in-flight runs so close() can
// wait for them.
import { randomBytes, randomUUID } from 'node:crypto';
import type { EffectiveFunctionOptions, FunctionResult, InvocationContext as Context } from '@azure/functions';
import { InvocationContext } from './functionsRuntime.js';
import { describeError, functionEntry, hostEntry, type LogSink } from './log.js';

export interface InvocationRequest {
  functionName: string;
  /** Shown in the "Executing" line, as the host's Reason=... */
  reason: string;
  /** Incoming W3C traceparent, if any: the invocation joins that trace with a new span. */
  traceParent?: string | undefined;
  options: Partial<EffectiveFunctionOptions>;
  triggerMetadata?: Record<string, unknown>;
}

export interface Invoker {
  /** Run `call` with a new context; resolves with the handler's result, rejects with its error (already logged). */
  invoke(request: InvocationRequest, call: (context: Context) => FunctionResult): Promise<unknown>;
  readonly inFlight: number;
  /** Wait until nothing runs, at most `timeoutMs`; true when everything finished. */
  drain(timeoutMs: number): Promise<boolean>;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-[0-9a-f]{16}-([0-9a-f]{2})$/;

export function newTraceParent(incoming?: string): string {
  const m = incoming === undefined ? null : TRACEPARENT.exec(incoming.trim());
  const traceId = m?.[1] ?? randomBytes(16).toString('hex');
  return `00-${traceId}-${randomBytes(8).toString('hex')}-${m?.[2] ?? '01'}`;
}

export function createInvoker(log: LogSink): Invoker {
  const running = new Set<Promise<unknown>>();

  async function execute(request: InvocationRequest, call: (context: Context) => FunctionResult): Promise<unknown> {
    const invocationId = randomUUID();
    const fields = { functionName: request.functionName, invocationId };
    const context = new InvocationContext({
      invocationId,
      functionName: request.functionName,
      logHandler: (level, ...args) => log(functionEntry(level, fields, args)),
      traceContext: { traceParent: newTraceParent(request.traceParent), traceState: '', attributes: {} },
      triggerMetadata: request.triggerMetadata ?? {},
      options: request.options,
    });
    log(hostEntry('information', fields, `Executing 'Functions.${request.functionName}' (Reason='${request.reason}', Id=${invocationId})`));
    const started = performance.now();
    const duration = (): string => `${Math.round(performance.now() - started)}ms`;
    try {
      const result = await call(context);
      log(
        hostEntry(
          'information',
          fields,
          `Executed 'Functions.${request.functionName}' (Succeeded, Id=${invocationId}, Duration=${duration()})`,
        ),
      );
      return result;
    } catch (err) {
      log(
        hostEntry(
          'error',
          fields,
          `Executed 'Functions.${request.functionName}' (Failed, Id=${invocationId}, Duration=${duration()})\n${describeError(err)}`,
        ),
      );
      throw err;
    }
  }

  return {
    invoke(request, call) {
      const run = execute(request, call);
      const tracked = run.catch(() => undefined).finally(() => running.delete(tracked));
      running.add(tracked);
      return run;
    },
    get inFlight() {
      return running.size;
    },
    async drain(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const done = (async () => {
        while (running.size > 0) await Promise.allSettled([...running]);
        return true as const;
      })();
      try {
        return await Promise.race([done, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
