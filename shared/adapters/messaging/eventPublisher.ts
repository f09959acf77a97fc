// Publishes the app's CloudEvents to its Event Grid custom topic with the real EventGridPublisherClient and the
// app's credential (the topic has local auth disabled: Entra token for https://eventgrid.azure.net/.default, role
// EventGrid Data Sender). Batches stay inside Event Grid's limits: at most 1 MB and 100 events per request.
import type { TokenCredential } from '@azure/core-auth';
import { EventGridPublisherClient, type SendCloudEventInput } from '@azure/eventgrid';
import { ConfigError, type AppConfig } from '../../config/index.js';
import type { AutopilotCloudEvent } from '../../events/cloudEvent.js';
import type { EventPublisher } from '../../usecases/ports.js';
import { httpBudgetAttemptPolicy, httpBudgetCallPolicy } from '../arm/httpBudget.js';

/** Event Grid refuses a request over 1 MB; keep a margin for the SDK's own envelope. */
export const MAX_BATCH_BYTES = 1_000_000;
export const MAX_BATCH_EVENTS = 100;

export interface EventPublisherSettings {
  readonly endpoint: string | undefined;
  readonly credential: TokenCredential;
  readonly caPem: string | undefined;
  readonly http: AppConfig['http'];
}

export class EventGridEventPublisher implements EventPublisher {
  private readonly client: EventGridPublisherClient<'CloudEvent'>;

  constructor(private readonly settings: EventPublisherSettings) {
    if (!settings.endpoint) {
      throw new ConfigError([
        'EVENTGRID_TOPIC_ENDPOINT: required to publish events (https://<topic>.<region>-1.eventgrid.azure.net/api/events)',
      ]);
    }
    this.client = new EventGridPublisherClient(settings.endpoint, 'CloudEvent', settings.credential, {
      retryOptions: { maxRetries: settings.http.maxRetries, retryDelayInMs: Math.max(1, settings.http.retryDelayMs) },
      ...(settings.caPem ? { tlsOptions: { ca: settings.caPem } } : {}),
      // POST /api/alerts publishes while its caller waits: the HTTP path's short budget (inert on timers).
      additionalPolicies: [
        { policy: httpBudgetCallPolicy, position: 'perCall' },
        { policy: httpBudgetAttemptPolicy, position: 'perRetry' },
      ],
    });
  }

  /** Sends batch after batch, in order; the first failed batch throws (its events and later ones are not sent). */
  async publish(events: readonly AutopilotCloudEvent[]): Promise<void> {
    for (const batch of batches(events)) {
      await this.client.send(batch.map(toSdk), { requestOptions: { timeout: this.settings.http.timeoutMs } });
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
