// Renders a KqlResult the way the two real services put it on the wire.
import type { KqlResult, KqlType } from './types.js';
import { Timespan, formatDatetime, formatTimespan, toDyn, toStr } from './values.js';

export interface LogAnalyticsTables {
  tables: [{ name: 'PrimaryResult'; columns: { name: string; type: string }[]; rows: unknown[][] }];
}

/** Log Analytics query API: datetimes as ISO 'Z' strings, timespans as [d.]hh:mm:ss, dynamic as JSON text. */
export function toLogAnalyticsJson(result: KqlResult): LogAnalyticsTables {
  const types = result.columns.map((c) => c.type);
  return {
    tables: [
      {
        name: 'PrimaryResult',
        columns: result.columns.map((c) => ({ name: c.name, type: c.type })),
        rows: result.rows.map((row) => types.map((t, i) => laValue(t, row[i]))),
      },
    ],
  };
}

function laValue(type: KqlType, v: unknown): unknown {
  if (v === null || v === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'datetime':
      return v instanceof Date ? formatDatetime(v) : toStr(v);
    case 'timespan':
      return v instanceof Timespan ? formatTimespan(v.ms) : toStr(v);
    case 'dynamic':
      // The SDK JSON.parses dynamic cells, so every value (strings included) is sent as JSON text.
      return JSON.stringify(toDyn(v));
    case 'long':
    case 'int':
    case 'real':
      // JSON has no NaN/Infinity; Kusto spells them out.
      return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
    default:
      return v;
  }
}

/** Resource Graph (objectArray format): one object per row; datetimes as ISO strings, dynamic values as-is. */
export function toResourceGraphObjects(result: KqlResult): Record<string, unknown>[] {
  return result.rows.map((row) => {
    const obj: Record<string, unknown> = {};
    result.columns.forEach((c, i) => {
      Object.defineProperty(obj, c.name, { value: argValue(row[i]), enumerable: true, writable: true, configurable: true });
    });
    return obj;
  });
}

function argValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return formatDatetime(v);
  if (v instanceof Timespan) return formatTimespan(v.ms);
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return v;
}
