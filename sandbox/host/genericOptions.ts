// `app.generic(name, { trigger: { type: 'httpTrigger', ... }, handler })` is the escape hatch every typed `app.*`
// call wraps; an app may use it directly. Map the three trigger types the local host runs back to typed options.
import type {
  EventGridFunctionOptions,
  FunctionHandler,
  GenericFunctionOptions,
  HttpFunctionOptions,
  HttpMethod,
  TimerFunctionOptions,
} from '@azure/functions';

export type GenericConversion =
  | { kind: 'http'; options: HttpFunctionOptions }
  | { kind: 'timer'; options: TimerFunctionOptions }
  | { kind: 'eventGrid'; options: EventGridFunctionOptions<unknown> }
  | { kind: 'unsupported'; type: string };

const AUTH_LEVELS = ['anonymous', 'function', 'admin'] as const;

export function fromGeneric(o: GenericFunctionOptions): GenericConversion {
  const t = o.trigger as Record<string, unknown>;
  const type = typeof t.type === 'string' ? t.type : 'unknown';
  const common = { extraInputs: o.extraInputs, extraOutputs: o.extraOutputs, return: o.return };
  // The generic handler signature is (trigger: unknown, context); each typed handler is a narrower view of it.
  const handler = o.handler as FunctionHandler & HttpFunctionOptions['handler'] & TimerFunctionOptions['handler'];
  switch (type.toLowerCase()) {
    case 'httptrigger': {
      const methods = Array.isArray(t.methods) ? t.methods.map((m) => String(m).toUpperCase() as HttpMethod) : undefined;
      const authLevel = AUTH_LEVELS.find((level) => level === t.authLevel);
      const route = typeof t.route === 'string' ? t.route : undefined;
      return { kind: 'http', options: { ...common, handler, methods, authLevel, route } };
    }
    case 'timertrigger':
      if (typeof t.schedule !== 'string') return { kind: 'unsupported', type: `${type} without a schedule` };
      return {
        kind: 'timer',
        options: { ...common, handler, schedule: t.schedule, runOnStartup: t.runOnStartup === true },
      };
    case 'eventgridtrigger':
      return { kind: 'eventGrid', options: { ...common, handler } };
    default:
      return { kind: 'unsupported', type };
  }
}
