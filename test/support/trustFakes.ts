// In-memory fakes of the product's own ports (never of an Azure client) for the trust tests: a state store with
// ETags, a publisher that keeps what it got, and a rerunner whose ARM is a map of jobs and instances.
import {
  ConcurrencyError,
  type BackupRerunner,
  type JobFact,
  type RerunInstance,
  type StateStore,
  type StoredDocument,
} from '../../shared/usecases/ports.js';
import type { AutopilotCloudEvent } from '../../shared/events/cloudEvent.js';

export class MemoryStore implements StateStore {
  readonly docs = new Map<string, StoredDocument>();
  private n = 0;
  read(key: string): Promise<StoredDocument | undefined> {
    return Promise.resolve(this.docs.get(key));
  }
  create(key: string, value: unknown): Promise<string> {
    if (this.docs.has(key)) return Promise.reject(new ConcurrencyError(key));
    return Promise.resolve(this.put(key, value));
  }
  replace(key: string, value: unknown, etag: string): Promise<string> {
    if (this.docs.get(key)?.etag !== etag) return Promise.reject(new ConcurrencyError(key));
    return Promise.resolve(this.put(key, value));
  }
  list(prefix: string): Promise<string[]> {
    return Promise.resolve([...this.docs.keys()].filter((k) => k.startsWith(prefix)).sort());
  }
  private put(key: string, value: unknown): string {
    const etag = `"${++this.n}"`;
    this.docs.set(key, { value: structuredClone(value), etag });
    return etag;
  }
}

export class MemoryPublisher {
  readonly events: AutopilotCloudEvent[] = [];
  publish(events: readonly AutopilotCloudEvent[]): Promise<void> {
    this.events.push(...events);
    return Promise.resolve();
  }
}

/** ARM as a map: jobs by id, instances by id; records every job read and every backup started. */
export class MapRerunner implements BackupRerunner {
  readonly jobReads: string[] = [];
  readonly started: string[] = [];
  constructor(
    private readonly jobs: readonly JobFact[],
    private readonly instances: Readonly<Record<string, RerunInstance>>,
  ) {}
  instance(instanceId: string): Promise<RerunInstance | undefined> {
    return Promise.resolve(this.instances[instanceId.toLowerCase()]);
  }
  rerunOptions(): Promise<{ ruleName: string; retentionTag: string }> {
    return Promise.resolve({ ruleName: 'BackupHourly', retentionTag: 'Default' });
  }
  startBackup(instanceId: string): Promise<string> {
    this.started.push(instanceId);
    return Promise.resolve(`${instanceId.replace(/\/backupInstances\/.*$/, '')}/backupJobs/rerun-${this.started.length}`);
  }
  job(jobId: string): Promise<JobFact | undefined> {
    this.jobReads.push(jobId);
    return Promise.resolve(this.jobs.find((j) => j.id.toLowerCase() === jobId.toLowerCase()));
  }
}
