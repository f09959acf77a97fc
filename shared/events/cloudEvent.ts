// Building and reading the app's CloudEvents. Both are pure: the builder derives the id from the fact (so the same
// fact always yields the same event, byte for byte), and the parser turns whatever an Event Grid trigger hands over
// into a typed event or an error naming the offending field.
import { createHash } from 'node:crypto';
import { EVENT_CATALOG, isEventType, type AutopilotEventType, type EventData } from './catalog.js';

/** One event of type T. `AutopilotCloudEvent` (without T) is the union of all of them, so `e.type` narrows `e.data`. */
export interface CloudEventOf<T extends AutopilotEventType> {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: T;
  readonly subject: string;
  /** RFC 3339, UTC. */
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: EventData<T>;
}

export type AutopilotCloudEvent<T extends AutopilotEventType = AutopilotEventType> = { [K in T]: CloudEventOf<K> }[T];

export const RPO_EVENT_TYPES = ['Autopilot.Rpo.Breached', 'Autopilot.Rpo.AtRisk', 'Autopilot.Rpo.Recovered'] as const;
export type RpoEventType = (typeof RPO_EVENT_TYPES)[number];

export function isRpoEvent(e: AutopilotCloudEvent): e is AutopilotCloudEvent<RpoEventType> {
  return (RPO_EVENT_TYPES as readonly string[]).includes(e.type);
}

/**
 * The id of a fact: a hash of type, subject (case-insensitively, as ARM ids compare) and `factKey` — the instant
 * the fact is about (e.g. the newest recovery point a breach is measured from). Hex, 32 characters.
 */
export function eventId(type: AutopilotEventType, subject: string, factKey: string): string {
  return createHash('sha256').update(`${type}\n${subject.toLowerCase()}\n${factKey}`).digest('hex').slice(0, 32);
}

export function buildEvent<T extends AutopilotEventType>(
  type: T,
  fact: {
    readonly subject: string;
    readonly time: Date;
    readonly factKey: string;
    readonly data: EventData<T>;
    /** One of the catalog's `otherSources` for this type; default: its `source`. */
    readonly source?: string;
  },
): CloudEventOf<T> {
  const entry: { readonly source: string; readonly otherSources?: readonly string[] } = EVENT_CATALOG[type];
  if (fact.source !== undefined && fact.source !== entry.source && !entry.otherSources?.includes(fact.source)) {
    throw new Error(`${type} is not published from ${fact.source}`);
  }
  return {
    specversion: '1.0',
    id: eventId(type, fact.subject, fact.factKey),
    source: fact.source ?? entry.source,
    type,
    subject: fact.subject,
    time: fact.time.toISOString(),
    datacontenttype: 'application/json',
    data: fact.data,
  };
}

export type ParsedCloudEvent = { readonly value: AutopilotCloudEvent } | { readonly error: string };

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Reads one event as an Event Grid trigger delivers it (an object, or its JSON text). An unknown `type` is an
 * error too: handlers log it and ignore the event rather than fail and be retried for ever.
 */
export function parseCloudEvent(input: unknown): ParsedCloudEvent {
  let raw = input;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      return { error: 'event: not JSON' };
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { error: 'event: must be one JSON object' };
  const e = raw as Record<string, unknown>;
  if (e.specversion !== '1.0') return { error: `specversion: must be "1.0", got ${JSON.stringify(e.specversion) ?? 'nothing'}` };
  for (const field of ['id', 'source', 'type', 'subject'] as const) {
    if (typeof e[field] !== 'string' || e[field].trim() === '') return { error: `${field}: required, a non-empty string` };
  }
  const type = e.type as string;
  if (!isEventType(type)) return { error: `type: "${type}" is not an Autopilot event type` };
  if (typeof e.time !== 'string' || !RFC3339.test(e.time) || Number.isNaN(Date.parse(e.time))) {
    return { error: 'time: required, an RFC 3339 timestamp' };
  }
  if (e.datacontenttype !== undefined && !(typeof e.datacontenttype === 'string' && /^application\/json\b/i.test(e.datacontenttype))) {
    return { error: 'datacontenttype: must be application/json' };
  }
  const data = EVENT_CATALOG[type].data.safeParse(e.data);
  if (!data.success) {
    const issue = data.error.issues[0];
    const path = ['data', ...(issue?.path ?? []).map(String)].join('.');
    return { error: `${path}: ${issue?.message ?? 'invalid'}` };
  }
  return {
    value: {
      specversion: '1.0',
      id: e.id as string,
      source: e.source as string,
      type,
      subject: e.subject as string,
      time: e.time,
      datacontenttype: 'application/json',
      data: data.data,
      // The data was just validated against the schema of this very type, which TypeScript cannot see through.
    } as AutopilotCloudEvent,
  };
}
