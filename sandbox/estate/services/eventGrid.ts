// An Event Grid custom topic look-alike: the Function app publishes with the real EventGridPublisherClient,
// the estate validates and stores the events and pushes them to webhook subscriptions added at runtime.
import { z } from 'zod';
import { armError, type EstateResponse, type Route } from '../http/types.js';
import { Deliverer, type DeadLetter, type DeliveryAttempt, type DeliverySettings, type EventSubscription } from './eventGridDelivery.js';
import { parseBatch, type EventSchema, type ParsedEvent } from './eventGridSchema.js';

export type { DeadLetter, DeliveryAttempt, DeliverySettings, EventSubscription } from './eventGridDelivery.js';

export interface ReceivedEvent {
  readonly receivedAt: string;
  readonly topic: string;
  readonly schema: EventSchema;
  readonly id: string;
  readonly type: string;
  readonly event: Readonly<Record<string, unknown>>;
}

export interface EventGridOptions {
  /** Extra CA trusted when delivering to https endpoints (the estate's own, so subscriptions can point back at it). */
  readonly ca?: string;
  readonly delivery?: Partial<DeliverySettings>;
  readonly log?: (line: string) => void;
}

/** Event Grid limits a publish request to 1 MB. */
export const MAX_PUBLISH_BYTES = 1024 * 1024;
const API_VERSIONS = new Set(['2018-01-01']);
/** ARM id stamped on Event Grid schema events when delivered, as the service does. */
const topicId = (topic: string): string =>
  `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-estate/providers/Microsoft.EventGrid/topics/${topic}`;

export class EventGrid {
  private readonly received: ReceivedEvent[] = [];
  private readonly subs = new Map<string, EventSubscription>();
  private readonly deliverer: Deliverer;

  constructor(options: EventGridOptions = {}) {
    const settings: DeliverySettings = { baseDelayMs: 1000, maxAttempts: 5, timeoutMs: 30_000, ...options.delivery };
    this.deliverer = new Deliverer(settings, options.ca, options.log);
  }

  /** Stores an accepted batch and starts delivering each event to every interested subscription. */
  publish(topic: string, events: readonly ParsedEvent[]): void {
    const receivedAt = new Date().toISOString();
    for (const parsed of events) {
      this.received.push({ receivedAt, topic, schema: parsed.schema, id: parsed.id, type: parsed.type, event: parsed.event });
      for (const subscription of this.subs.values()) {
        const filter = subscription.includedEventTypes;
        if (filter !== undefined && !filter.some((type) => type.toLowerCase() === parsed.type.toLowerCase())) continue;
        this.deliverer.enqueue(subscription, { event: parsed, ...deliveryBody(topic, parsed) });
      }
    }
  }

  subscribe(subscription: EventSubscription): EventSubscription {
    const endpoint = new URL(subscription.endpoint); // throws on garbage
    if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') throw new TypeError('endpoint must be an http or https URL');
    if (subscription.name.trim() === '') throw new TypeError('subscription name must not be empty');
    const stored = { ...subscription };
    this.subs.set(subscription.name.toLowerCase(), stored); // same name replaces, as a PUT on the subscription would
    return stored;
  }

  unsubscribe(name: string): boolean {
    return this.subs.delete(name.toLowerCase());
  }

  subscriptions(): EventSubscription[] {
    return [...this.subs.values()];
  }

  events(topic?: string): ReceivedEvent[] {
    return topic === undefined ? [...this.received] : this.received.filter((e) => e.topic.toLowerCase() === topic.toLowerCase());
  }

  deliveries(): DeliveryAttempt[] {
    return this.deliverer.history();
  }

  deadLetters(): DeadLetter[] {
    return this.deliverer.deadLetters();
  }

  /** Live delivery settings (retry base delay, attempts, timeout); changes apply to later retries. */
  get deliverySettings(): DeliverySettings {
    return this.deliverer.settings;
  }

  /** Forgets events, attempts and dead letters (subscriptions stay). */
  clear(): void {
    this.received.length = 0;
    this.deliverer.clear();
  }

  waitForIdle(): Promise<void> {
    return this.deliverer.waitForIdle();
  }

  close(): Promise<void> {
    return this.deliverer.close();
  }
}

function deliveryBody(topic: string, parsed: ParsedEvent): { body: string; contentType: string } {
  if (parsed.schema === 'CloudEvent') {
    return { body: JSON.stringify(parsed.event), contentType: 'application/cloudevents+json; charset=utf-8' };
  }
  // Event Grid schema is delivered as a one-element array with topic and metadataVersion filled in.
  const event = { ...parsed.event, topic: topicId(topic), metadataVersion: '1' };
  return { body: JSON.stringify([event]), contentType: 'application/json; charset=utf-8' };
}

const subscriptionBody = z
  .object({
    name: z.string().trim().min(1),
    endpoint: z.url({ protocol: /^https?$/ }),
    includedEventTypes: z.array(z.string().min(1)).optional(),
  })
  .strict();
const deliveryBodySchema = z
  .object({
    baseDelayMs: z.number().min(0).optional(),
    maxAttempts: z.number().int().min(1).optional(),
    timeoutMs: z.number().min(1).optional(),
  })
  .strict();

/** The topic endpoint plus its control routes under /_estate/. */
export function eventGridRoutes(grid: EventGrid): Route[] {
  const control = { service: 'control', auth: 'none' } as const;
  return [
    {
      method: 'POST',
      pattern: '/eventgrid/topics/:topic/api/events',
      service: 'eventGrid',
      auth: 'bearerOrSas',
      handler: (req, params) => {
        const apiVersion = req.query.get('api-version');
        if (apiVersion === null || !API_VERSIONS.has(apiVersion)) {
          return armError(400, 'BadRequest', `The api-version '${apiVersion ?? ''}' is not supported; use 2018-01-01.`);
        }
        if (req.rawBody.length > MAX_PUBLISH_BYTES) {
          return armError(
            413,
            'RequestEntityTooLarge',
            `The request is ${req.rawBody.length} bytes; the maximum is ${MAX_PUBLISH_BYTES} bytes.`,
          );
        }
        const batch = parseBatch(req.body, firstHeader(req.headers['content-type']));
        if (!batch.ok) return armError(400, 'BadRequest', batch.message);
        grid.publish(params.topic ?? '', batch.events);
        return { status: 200 };
      },
    },
    {
      ...control,
      method: 'GET',
      pattern: '/_estate/events',
      handler: (req) => ok({ value: grid.events(req.query.get('topic') ?? undefined) }),
    },
    {
      ...control,
      method: 'DELETE',
      pattern: '/_estate/events',
      handler: () => {
        grid.clear();
        return { status: 204 };
      },
    },
    { ...control, method: 'GET', pattern: '/_estate/subscriptions', handler: () => ok({ value: grid.subscriptions() }) },
    {
      ...control,
      method: 'POST',
      pattern: '/_estate/subscriptions',
      handler: (req) => {
        const parsed = subscriptionBody.safeParse(req.body ?? {});
        return parsed.success ? { status: 201, body: grid.subscribe(parsed.data) } : invalid(parsed.error);
      },
    },
    {
      ...control,
      method: 'DELETE',
      pattern: '/_estate/subscriptions/:name',
      handler: (_req, p) =>
        grid.unsubscribe(p.name ?? '') ? { status: 204 } : armError(404, 'NotFound', `No subscription '${p.name ?? ''}'.`),
    },
    { ...control, method: 'GET', pattern: '/_estate/deliveries', handler: () => ok({ value: grid.deliveries() }) },
    { ...control, method: 'GET', pattern: '/_estate/deadletters', handler: () => ok({ value: grid.deadLetters() }) },
    {
      ...control,
      method: 'PUT',
      pattern: '/_estate/delivery',
      handler: (req) => {
        const parsed = deliveryBodySchema.safeParse(req.body ?? {});
        if (!parsed.success) return invalid(parsed.error);
        return ok(Object.assign(grid.deliverySettings, parsed.data));
      },
    },
  ];
}

const ok = (body: unknown): EstateResponse => ({ status: 200, body });
const invalid = (error: z.ZodError): EstateResponse => armError(400, 'InvalidRequestContent', z.prettifyError(error));
const firstHeader = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
