// Building and reading the app's CloudEvents. Both are pure: the builder derives the id from the fact (so the same
// fact always yields the same event, byte for byte), and the parser turns whatever an Event Grid trigger hands over
// into a typed event or an error naming the offending field.
import { createHash } from 'node:crypto';
import { parseRfc3339 } from '../domain/rfc3339.js';
import { EVENT_CATALOG, isEventType, subjectProblem, type AutopilotEventType, type EventData } from './catalog.js';

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

export interface ParseOptions {
  /** Subjects in other subscriptions are refused: nothing may act on them (see `subjectProblem`). */
  readonly watchedSubscriptions?: readonly string[];
}

/** CloudEvents 1.0 §3.1.1: attribute names are lower-case ASCII letters and digits. */
const ATTRIBUTE_NAME = /^[a-z0-9]{1,20}$/;
/** RFC 3986 URI-reference: only URI characters, percent-escapes well formed, and a scheme (if any) that is one. */
const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;

export function isUriReference(value: string): boolean {
  if (!URI_CHARS.test(value)) return false;
  // A colon before the first '/', '?' or '#' makes what precedes it the scheme (RFC 3986 §4.2).
  const head = /^[^/?#]*/.exec(value)?.[0] ?? '';
  const colon = head.indexOf(':');
  return colon < 0 || SCHEME.test(head.slice(0, colon));
}

/**
 * Reads one event as an Event Grid trigger delivers it (an object, or its JSON text), strictly per CloudEvents 1.0
 * and the catalog: required `id`, `source` (a URI-reference), `specversion`, `type` (a catalog type), `subject`
 * (`subjectProblem`) and `time` (RFC 3339, a real calendar date), JSON data of the type's shape. Anything else is an
 * error naming the attribute: handlers log it once and drop the event rather than fail and be retried for ever.
 */
export function parseCloudEvent(input: unknown, options: ParseOptions = {}): ParsedCloudEvent {
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
  if (e.specversion !== '1.0') return { error: `specversion: must be "1.0", got ${clip(JSON.stringify(e.specversion) ?? 'nothing')}` };
  for (const field of ['id', 'source', 'type', 'subject'] as const) {
    if (typeof e[field] !== 'string' || e[field].trim() === '') return { error: `${field}: required, a non-empty string` };
  }
  if ('data_base64' in e) return { error: 'data_base64: binary data is not an Autopilot event (JSON data expected)' };
  const badName = Object.keys(e).find((k) => k !== 'data' && !ATTRIBUTE_NAME.test(k));
  if (badName !== undefined) return { error: `${clip(badName)}: not a CloudEvents attribute name (lower-case letters and digits)` };
  if (!isUriReference(e.source as string)) return { error: 'source: must be a URI-reference (RFC 3986)' };
  const type = e.type as string;
  if (!isEventType(type)) return { error: `type: "${clip(type)}" is not an Autopilot event type` };
  const subject = subjectProblem(type, e.subject as string, options.watchedSubscriptions);
  if (subject !== undefined) return { error: `subject: ${subject}` };
  if (typeof e.time !== 'string' || !parseRfc3339(e.time)) {
    return { error: 'time: required, an RFC 3339 timestamp with a real calendar date' };
  }
  if (e.datacontenttype !== undefined && !(typeof e.datacontenttype === 'string' && /^application\/json\b/i.test(e.datacontenttype))) {
    return { error: 'datacontenttype: must be application/json' };
  }
  if (e.dataschema !== undefined && !(typeof e.dataschema === 'string' && e.dataschema !== '' && isUriReference(e.dataschema))) {
    return { error: 'dataschema: must be a non-empty URI' };
  }
  const data = EVENT_CATALOG[type].data.safeParse(e.data);
  if (!data.success) {
    const issue = data.error.issues[0];
    const path = ['data', ...(issue?.path ?? []).map(String)].join('.');
    return { error: `${clip(path)}: ${issue?.message ?? 'invalid'}` };
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

/** Errors quote the input; a long one is cut so one bad event cannot flood the log. */
const clip = (text: string): string => (text.length > 80 ? `${text.slice(0, 80)}…` : text);
