// The EventPublisher port in memory: keeps every published batch; `failures` makes a publish throw (Event Grid down
// after the SDK's retries) so a test can check nothing is lost and nothing is counted as published.
import type { AutopilotEventType } from '../../../shared/events/catalog.js';
import type { AutopilotCloudEvent } from '../../../shared/events/cloudEvent.js';
import type { EventPublisher } from '../../../shared/usecases/ports.js';
import { FailNext } from './failures.js';

export class MemoryEventPublisher implements EventPublisher {
  readonly batches: AutopilotCloudEvent[][] = [];
  readonly failures = new FailNext();

  publish(events: readonly AutopilotCloudEvent[]): Promise<void> {
    // Copied as Event Grid would serialise them: a later change to the caller's objects cannot rewrite history.
    return this.failures.settle(() => void this.batches.push(JSON.parse(JSON.stringify(events)) as AutopilotCloudEvent[]));
  }

  /** Every event published, in order (duplicates included: at-least-once is what consumers see). */
  get events(): AutopilotCloudEvent[] {
    return this.batches.flat();
  }

  ofType<T extends AutopilotEventType>(type: T): AutopilotCloudEvent<T>[] {
    return this.events.filter((e) => e.type === type) as AutopilotCloudEvent<T>[];
  }

  /** Distinct event ids: consumers deduplicate on the id, so this is what they act on. */
  distinctIds(type?: AutopilotEventType): string[] {
    return [...new Set(this.events.filter((e) => type === undefined || e.type === type).map((e) => e.id))];
  }
}
