// Structured log entries for the local host and one-line console rendering.
// Every `context.log` call of a function and every host event becomes one LogEntry, so tests can assert on
// logs and `npm start` can print them readably.
import { format } from 'node:util';
import type { LogLevel } from '@azure/functions';

export type { LogLevel };

export interface LogEntry {
  /** ISO timestamp. */
  readonly time: string;
  readonly level: LogLevel;
  /** 'function' = written by a handler through its InvocationContext; 'host' = written by the local host. */
  readonly category: 'function' | 'host';
  readonly functionName?: string;
  readonly invocationId?: string;
  readonly message: string;
}

export type LogSink = (entry: LogEntry) => void;

export interface EntryFields {
  functionName?: string;
  invocationId?: string;
}

/** Build a host entry; `args` are formatted like console.log (and like the Functions worker formats ctx.log). */
export function hostEntry(level: LogLevel, fields: EntryFields, ...args: unknown[]): LogEntry {
  return { time: new Date().toISOString(), level, category: 'host', ...fields, message: format(...args) };
}

export function functionEntry(level: LogLevel, fields: EntryFields, args: unknown[]): LogEntry {
  return { time: new Date().toISOString(), level, category: 'function', ...fields, message: format(...args) };
}

const SHORT_LEVEL: Record<LogLevel, string> = {
  trace: 'trace',
  debug: 'debug',
  information: 'info',
  warning: 'WARN',
  error: 'ERROR',
  critical: 'CRIT',
  none: 'none',
};

/** `[time] fn=name inv=1234abcd level message` - the invocation id is shortened; it is only there to tell runs apart. */
export function formatLogLine(entry: LogEntry): string {
  const parts = [`[${entry.time}]`];
  if (entry.functionName !== undefined) parts.push(`fn=${entry.functionName}`);
  if (entry.invocationId !== undefined) parts.push(`inv=${entry.invocationId.slice(0, 8)}`);
  parts.push(SHORT_LEVEL[entry.level], entry.message);
  return parts.join(' ');
}

/** Default sink: one line per entry on stdout, so `npm start` shows one interleaved, time-ordered stream. */
export const consoleLog: LogSink = (entry) => {
  process.stdout.write(formatLogLine(entry) + '\n');
};

/** Error text for logs: the stack when there is one (that is what the host writes), else the value. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return format(err);
}
