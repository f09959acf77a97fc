// What Event Grid accepts on a custom topic: CloudEvents 1.0 (batch or single) or the Event Grid schema (array).
// Validation is all-or-nothing per request, like the service: one bad event rejects the whole batch.

export type EventSchema = 'CloudEvent' | 'EventGrid';

export interface ParsedEvent {
  readonly schema: EventSchema;
  readonly id: string;
  /** `type` (CloudEvents) or `eventType` (Event Grid schema); what subscriptions filter on. */
  readonly type: string;
  readonly event: Readonly<Record<string, unknown>>;
}

export type BatchResult = { readonly ok: true; readonly events: ParsedEvent[] } | { readonly ok: false; readonly message: string };

const CLOUD_REQUIRED = ['id', 'source', 'type'] as const;
const GRID_REQUIRED = ['id', 'subject', 'eventType', 'dataVersion'] as const;

export function parseBatch(body: unknown, contentType: string | undefined): BatchResult {
  const cloudContent = contentType !== undefined && /cloudevents/i.test(contentType);
  if (body === undefined)
    return fail('The request body must be a JSON array of events (or one CloudEvent with application/cloudevents+json).');
  let items: unknown[];
  if (Array.isArray(body)) items = body;
  else if (cloudContent && isRecord(body))
    items = [body]; // application/cloudevents+json carries a single event
  else return fail('The request body must be a JSON array of events.');
  if (items.length === 0) return fail('The request contains no events.');
  const schema: EventSchema = cloudContent || (isRecord(items[0]) && 'specversion' in items[0]) ? 'CloudEvent' : 'EventGrid';
  const events: ParsedEvent[] = [];
  for (const [index, item] of items.entries()) {
    const problem = schema === 'CloudEvent' ? cloudEventProblem(item) : gridEventProblem(item);
    if (problem !== undefined)
      return fail(
        `Event ${index} (events[${index}]) is not a valid ${schema === 'CloudEvent' ? 'CloudEvent 1.0' : 'Event Grid event'}: ${problem}`,
      );
    const event = item as Record<string, unknown>;
    const type = schema === 'CloudEvent' ? event.type : event.eventType;
    events.push({ schema, id: String(event.id), type: String(type), event });
  }
  return { ok: true, events };
}

function cloudEventProblem(item: unknown): string | undefined {
  if (!isRecord(item)) return 'an event must be a JSON object.';
  if (item.specversion !== '1.0') return `'specversion' must be '1.0' (got ${JSON.stringify(item.specversion) ?? 'nothing'}).`;
  const missing = CLOUD_REQUIRED.find((field) => !nonEmpty(item[field]));
  if (missing !== undefined) return `'${missing}' is required and must be a non-empty string.`;
  if (item.time !== undefined && !isTimestamp(item.time)) return "'time' must be an RFC 3339 timestamp.";
  if (item.data !== undefined && item.data_base64 !== undefined) return "an event cannot carry both 'data' and 'data_base64'.";
  return undefined;
}

function gridEventProblem(item: unknown): string | undefined {
  if (!isRecord(item)) return 'an event must be a JSON object.';
  const missing = GRID_REQUIRED.find((field) => !nonEmpty(item[field]));
  if (missing !== undefined) return `'${missing}' is required and must be a non-empty string.`;
  if (!isTimestamp(item.eventTime)) return "'eventTime' is required and must be an ISO 8601 timestamp.";
  return undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const nonEmpty = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';
const isTimestamp = (value: unknown): boolean =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
const fail = (message: string): BatchResult => ({ ok: false, message });
