// JobWatch on the fakes: the watermark protocol of jobWatchTimer (read → query [watermark, now − settle) → publish →
// advance If-Match). The watermark moves only after a publish that succeeded; a repeat publishes the same ids.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Documents } from '../../shared/state/index.js';
import { JOB_LOGS_DOC, JOB_WATCH_DOC } from '../../shared/usecases/detection/detectionDocs.js';
import { JOB_WATCH_KEY, JobWatch, MAX_WINDOW_MS, SETTLE_MS } from '../../shared/usecases/detection/jobWatch.js';
import {
  failedJob,
  HOUR,
  job,
  ManualClock,
  MemoryEventPublisher,
  MemoryJobFeed,
  MemoryStateStore,
  MINUTE,
} from '../support/fakes/index.js';

const NOW = '2026-11-21T12:00:00Z';
const at = (iso: string) => new Date(iso);

function world() {
  const clock = new ManualClock(NOW);
  const store = new MemoryStateStore();
  const publisher = new MemoryEventPublisher();
  const feed = new MemoryJobFeed();
  const watch = () => new JobWatch({ feed, store, publisher, clock, lookbackMs: 24 * HOUR });
  return { clock, store, publisher, feed, watch };
}

describe('JobWatch', () => {
  it('first tick: reads the lookback (P1D) up to a minute ago and publishes one event per finished job', async () => {
    const w = world();
    w.feed.add(
      failedJob('prod-weu-orders', 'job-1', 'UserErrorKubernetesApiServerUnreachable', { endTime: at('2026-11-21T03:00:00Z') }),
      job('prod-weu-payments', 'job-2', { endTime: at('2026-11-21T04:00:00Z') }),
      job('prod-weu-shop', 'job-3', { status: 'InProgress', endTime: undefined }),
      // Ended within the settle minute: Resource Graph may not have it yet, so it waits for the next tick.
      job('prod-weu-shop', 'job-4', { endTime: at('2026-11-21T11:59:30Z') }),
      // Before the lookback.
      job('prod-weu-shop', 'job-5', { endTime: at('2026-11-20T11:00:00Z') }),
    );
    const r = await w.watch().run();
    expect(r).toMatchObject({
      from: '2026-11-20T12:00:00.000Z',
      to: '2026-11-21T11:59:00.000Z',
      jobs: 2,
      failed: 1,
      succeeded: 1,
      advanced: true,
    });
    expect(w.publisher.events.map((e) => [e.type, e.data.name])).toEqual([
      ['Autopilot.Backup.JobFailed', 'prod-weu-orders'],
      ['Autopilot.Backup.JobSucceeded', 'prod-weu-payments'],
    ]);
    expect(w.publisher.ofType('Autopilot.Backup.JobFailed')[0]?.data).toMatchObject({
      errorCode: 'UserErrorKubernetesApiServerUnreachable',
      detector: 'resource-graph',
    });
    expect(w.store.value(JOB_WATCH_KEY)).toEqual({ version: 1, watermark: '2026-11-21T11:59:00.000Z' });
  });

  it('the next tick starts at the watermark: nothing is published twice, the settled job is published then', async () => {
    const w = world();
    w.feed.add(
      job('prod-weu-orders', 'job-1', { endTime: at('2026-11-21T11:00:00Z') }),
      job('prod-weu-shop', 'job-4', { endTime: at('2026-11-21T11:59:30Z') }),
    );
    await w.watch().run();
    w.clock.advance(5 * MINUTE);
    const r = await w.watch().run();
    expect(r).toMatchObject({ from: '2026-11-21T11:59:00.000Z', to: '2026-11-21T12:04:00.000Z', jobs: 1 });
    expect(w.publisher.ofType('Autopilot.Backup.JobSucceeded').map((e) => e.data.jobId)).toEqual([
      job('', 'job-1').id,
      job('', 'job-4').id,
    ]);
  });

  it('a failed publish leaves the watermark; the retry publishes the same event ids', async () => {
    const w = world();
    w.feed.add(failedJob('prod-weu-orders', 'job-1', 'InternalError', { endTime: at('2026-11-21T11:00:00Z') }));
    await w.watch().run();
    const first = w.publisher.distinctIds();
    w.feed.add(failedJob('prod-weu-orders', 'job-2', 'InternalError', { endTime: at('2026-11-21T12:01:00Z') }));
    w.clock.advance(5 * MINUTE);
    w.publisher.failures.add('Event Grid unavailable');
    await expect(w.watch().run()).rejects.toThrow('Event Grid unavailable');
    expect(w.store.value(JOB_WATCH_KEY)).toEqual({ version: 1, watermark: '2026-11-21T11:59:00.000Z' });
    await w.watch().run();
    expect(w.publisher.distinctIds()).toEqual([...first, w.publisher.events.at(-1)!.id]);
    expect(w.publisher.events).toHaveLength(2);
  });

  it('two ticks at once publish the same events; one moves the watermark, the other reports it did not', async () => {
    const w = world();
    w.feed.add(job('prod-weu-orders', 'job-1', { endTime: at('2026-11-21T11:00:00Z') }));
    const results = await Promise.all([w.watch().run(), w.watch().run()]);
    expect(results.map((r) => r.advanced).sort()).toEqual([false, true]);
    expect(w.publisher.distinctIds()).toHaveLength(1);
    expect(w.store.writes).toEqual([{ op: 'create', key: JOB_WATCH_KEY }]);
  });

  it('after a long outage it catches up one day (MAX_WINDOW) per tick', async () => {
    const w = world();
    await w.store.create(JOB_WATCH_KEY, { watermark: '2026-11-18T00:00:00.000Z' });
    const r = await w.watch().run();
    expect(Date.parse(r.to) - Date.parse(r.from)).toBe(MAX_WINDOW_MS);
    w.clock.advance(SETTLE_MS - 1);
    expect((await w.watch().run()).from).toBe('2026-11-19T00:00:00.000Z');
  });

  it('passes the feed’s warnings on word for word', async () => {
    const w = world();
    w.feed.warnings = ['Resource Graph missed 1 instance: read from the DataProtection API'];
    expect((await w.watch().run()).warnings).toEqual(w.feed.warnings);
  });
});

describe('state written before versions existed', () => {
  it('a watermark document of the earlier shape (no version) is read and carried on from', async () => {
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/state/job-watch.json', import.meta.url), 'utf8')) as unknown;
    const store = new MemoryStateStore();
    await store.create(JOB_WATCH_KEY, fixture);
    const docs = new Documents(store, JOB_WATCH_DOC);
    expect((await docs.read(JOB_WATCH_KEY))?.value).toEqual({ version: 1, watermark: '2026-11-21T11:59:00.000Z' });
  });
  it('the job logs document of the earlier shape, with its breaches in force', async () => {
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/state/job-logs.json', import.meta.url), 'utf8')) as Record<
      string,
      unknown
    >;
    const store = new MemoryStateStore();
    await store.create('detection/job-logs.json', fixture);
    const read = await new Documents(store, JOB_LOGS_DOC).read('detection/job-logs.json');
    expect(read?.value).toEqual({ version: 1, ...fixture });
  });
});
