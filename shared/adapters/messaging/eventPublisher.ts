// Publishes the app's CloudEvents to its Event Grid custom topic with the real EventGridPublisherClient and the
// app's credential (the topic has local auth disabled: Entra token for https://eventgrid.azure.net/.default, role
// EventGrid Data Sender). Batches stay inside Event Grid's limits: at most 1 MB and 100 events per request.
import type { EventGridPublisherClient, SendCloudEventInput } from '@azure/eventgrid';
import { ConfigError } from '../../config/index.js';
import type { AutopilotCloudEvent } from '../../events/cloudEvent.js';
import type { EventPublisher } from '../../usecases/ports.js';
import { onceAsync } from '../../util/once.js';
import { pipelineOptions, type AdapterOptions } from '../options.js';

/** Event Grid refuses a request over 1 MB; keep a margin for the SDK's own envelope. */
export const MAX_BATCH_BYTES = 1_000_000;
export const MAX_BATCH_EVENTS = 100;

export interface EventTopic {
  /** EVENTGRID_TOPIC_ENDPOINT; checked here, so that a missing one is named when a publisher is first needed. */
  readonly endpoint: string | undefined;
}

export class EventGridEventPublisher implements EventPublisher {
  /** @azure/eventgrid is loaded, and the client built, on the first publish. */
  private readonly client: () => Promise<EventGridPublisherClient<'CloudEvent'>>;

  constructor(
    topic: EventTopic,
    private readonly options: AdapterOptions,
  ) {
    const { endpoint } = topic;
    if (!endpoint) {
      throw new ConfigError([
        'EVENTGRID_TOPIC_ENDPOINT: required to publish events (https://<topic>.<region>-1.eventgrid.azure.net/api/events)',
      ]);
    }
    this.client = onceAsync(async () => {
      const [{ EventGridPublisherClient }, budget] = await Promise.all([
        import('@azure/eventgrid'),
        import('../arm/httpBudgetPolicies.js'),
      ]);
      return new EventGridPublisherClient(endpoint, 'CloudEvent', options.credential, {
        ...pipelineOptions(options),
        // POST /api/alerts publishes while its caller waits: the HTTP path's short budget (inert on timers).
        additionalPolicies: [
          { policy: budget.httpBudgetCallPolicy, position: 'perCall' },
          { policy: budget.httpBudgetAttemptPolicy, position: 'perRetry' },
        ],
      });
    });
  }

  /** Sends batch after batch, in order; the first failed batch throws (its events and later ones are not sent). */
  async publish(events: readonly AutopilotCloudEvent[]): Promise<void> {
    const sendable = batches(events);
    if (sendable.length === 0) return;
    const client = await this.client();
    for (const batch of sendable) {
      await client.send(batch.map(toSdk), { requestOptions: { timeout: this.options.http.timeoutMs } });
    }
  }
}

function toSdk(e: AutopilotCloudEvent): SendCloudEventInput<unknown> {
  return {
    id: e.id,
    type: e.type,
    source: e.source,
    subject: e.subject,
    time: new Date(e.time),
    datacontenttype: e.datacontenttype,
    data: e.data,
  };
}

/** Splits events into requests of at most MAX_BATCH_EVENTS and MAX_BATCH_BYTES; an event alone over the limit throws. */
export function batches<E>(events: readonly E[], maxBytes = MAX_BATCH_BYTES, maxEvents = MAX_BATCH_EVENTS): E[][] {
  const out: E[][] = [];
  let current: E[] = [];
  let bytes = 2; // [ ]
  for (const e of events) {
    const size = Buffer.byteLength(JSON.stringify(e), 'utf8') + 1; // + comma
    if (size + 2 > maxBytes) throw new RangeError(`an event of ${size} bytes exceeds Event Grid's ${maxBytes}-byte request limit`);
    if (current.length >= maxEvents || bytes + size > maxBytes) {
      out.push(current);
      current = [];
      bytes = 2;
    }
    current.push(e);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}
