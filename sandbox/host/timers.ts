// Timer triggers: NCRONTAB (6 fields with seconds, or 5) or a TimeSpan interval `[d.]hh:mm:ss`, always in UTC as on
// Linux Consumption/Flex. The host runs a timer on one instance at a time (blob singleton lock), so a tick that
// finds the previous run still going is skipped and logged. Failures are logged and never retried: the next
// occurrence runs, as in Azure.
import { Cron } from 'croner';
import { trigger, type Timer, type TimerFunctionOptions } from '@azure/functions';
import type { Invoker } from './invocation.js';
import { hostEntry, type LogSink } from './log.js';

export interface ParsedSchedule {
  readonly expression: string;
  /** Next occurrence strictly after `from`. */
  next(from: Date): Date;
  /** Start calling `tick` on schedule; returns a stop function. */
  start(tick: () => void): () => void;
}

const TIMESPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})$/;

export function parseSchedule(expression: string): ParsedSchedule {
  const span = TIMESPAN.exec(expression.trim());
  if (span) {
    const [, d = '0', h = '0', m = '0', s = '0'] = span;
    const ms = ((Number(d) * 24 + Number(h)) * 60 + Number(m)) * 60_000 + Number(s) * 1000;
    if (ms <= 0) throw new Error(`Timer interval "${expression}" must be longer than zero.`);
    return {
      expression,
      next: (from) => new Date(from.getTime() + ms),
      start(tick) {
        const handle = setInterval(tick, ms);
        return () => clearInterval(handle);
      },
    };
  }
  // NCRONTAB requires both day-of-month and day-of-week to match (croner's default is either), has no year field.
  const options = { timezone: 'UTC', mode: '5-or-6-parts', domAndDow: true } as const;
  let probe: Cron;
  try {
    probe = new Cron(expression, { ...options, paused: true });
  } catch (err) {
    throw new Error(`The schedule expression "${expression}" was not recognized as NCRONTAB or TimeSpan: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return {
    expression,
    next: (from) => probe.nextRun(from) ?? new Date(8.64e15),
    start(tick) {
      const job = new Cron(expression, options, tick);
      return () => job.stop();
    },
  };
}

/**
 * `%NAME%` in a binding expression is replaced with the app setting NAME, as the host does when it indexes functions
 * (e.g. `schedule: '%RPO_CHECK_SCHEDULE%'`). A setting that is missing or empty is an indexing error there too.
 */
export function resolveAppSettings(expression: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  return expression.replace(/%([^%\s]+)%/g, (whole, name: string) => {
    const value = env[name];
    if (value === undefined || value.trim() === '') {
      throw new Error(`'${whole}' does not resolve to a value (app setting ${name} is not set).`);
    }
    return value.trim();
  });
}

export interface TimerScheduler {
  /** Begin schedules (and runOnStartup runs). No-op in manual mode. */
  start(): void;
  stop(): void;
  /** Run a timer now; rejects with the handler's error (which is also logged). */
  run(name: string, reason: string): Promise<void>;
}

interface TimerState {
  options: TimerFunctionOptions;
  schedule: ParsedSchedule;
  running: number;
  lastRun?: Date;
  stop?: () => void;
}

export function createTimerScheduler(params: {
  timers: ReadonlyMap<string, TimerFunctionOptions>;
  invoker: Invoker;
  log: LogSink;
  mode: 'schedule' | 'manual';
}): TimerScheduler {
  const { invoker, log } = params;
  const states = new Map<string, TimerState>();
  // Parse every schedule up front: a bad expression fails startup naming the function, instead of silently never firing.
  for (const [name, options] of params.timers) {
    try {
      states.set(name, { options, schedule: parseSchedule(resolveAppSettings(options.schedule)), running: 0 });
    } catch (err) {
      throw new Error(`Timer function "${name}": ${(err as Error).message}`, { cause: err });
    }
  }
  let stopped = false;

  async function run(name: string, reason: string): Promise<void> {
    const state = states.get(name);
    if (!state) throw new Error(`No timer function named "${name}".`);
    const now = new Date();
    const timer: Timer = {
      isPastDue: false,
      schedule: { adjustForDST: false },
      scheduleStatus: {
        last: (state.lastRun ?? now).toISOString(),
        next: state.schedule.next(now).toISOString(),
        lastUpdated: now.toISOString(),
      },
    };
    state.lastRun = now;
    state.running++;
    try {
      const options = { trigger: trigger.timer({ schedule: state.options.schedule }) };
      await invoker.invoke({ functionName: name, reason, options }, (context) => state.options.handler(timer, context));
    } finally {
      state.running--;
    }
  }

  function tick(name: string, reason: string): void {
    const state = states.get(name);
    if (!state || stopped) return;
    if (state.running > 0) {
      log(hostEntry('warning', { functionName: name }, 'Timer tick skipped: the previous run is still in progress (singleton lock).'));
      return;
    }
    // Errors are already logged by the invoker; a scheduled run never brings the process down.
    run(name, reason).catch(() => undefined);
  }

  return {
    start() {
      if (params.mode === 'manual') return;
      for (const [name, state] of states) {
        state.stop = state.schedule.start(() => tick(name, `Timer fired at ${new Date().toISOString()}`));
        const next = state.schedule.next(new Date()).toISOString();
        log(hostEntry('information', { functionName: name }, `Timer schedule "${state.schedule.expression}" (UTC), next run ${next}`));
        if (state.options.runOnStartup) tick(name, 'Timer fired at startup (runOnStartup)');
      }
    },
    stop() {
      stopped = true;
      for (const state of states.values()) state.stop?.();
    },
    run,
  };
}
