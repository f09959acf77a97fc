// GET /api/rpo under bursts: identical questions share one check (in flight, then reused for RPO_HTTP_CACHE_SECONDS),
// a verdict filter is applied to the shared answer, a failure is never reused, and different scopes never mix.
import { describe, expect, it } from 'vitest';
import type { RpoInstanceReport, RpoQuery, RpoReport } from '../../shared/usecases/rpo/rpoReport.js';
import { RpoOverviewReader } from '../../shared/usecases/rpo/rpoOverview.js';

const line = (name: string, verdict: RpoInstanceReport['verdict']) => ({ id: `/x/${name}`, name, verdict }) as unknown as RpoInstanceReport;

/** A fleet check that counts its runs and answers when told to. */
function fakeFleet(lines = [line('a', 'ok'), line('b', 'breached'), line('c', 'at-risk')]) {
  const runs: RpoQuery[] = [];
  let fail = false;
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  return {
    runs,
    hold: () => (gate = new Promise<void>((r) => (release = r))),
    release: () => release(),
    failNext: () => (fail = true),
    async run(query: RpoQuery): Promise<RpoReport> {
      runs.push(query);
      await gate;
      if (fail) {
        fail = false;
        throw new Error('ARM unreachable');
      }
      return {
        generatedAt: 'now',
        summary: { total: lines.length, ok: 1, atRisk: 1, breached: 1, unknown: 0 },
        instances: lines,
        armCalls: 3,
        warnings: [],
      };
    },
  };
}

const clockAt = (t: { ms: number }) => ({ now: () => new Date(t.ms) });
const noBlobs = () => ({ run: () => Promise.resolve([]) });

describe('RpoOverviewReader', () => {
  it('answers concurrent identical questions with one check', async () => {
    const fleet = fakeFleet();
    void fleet.hold();
    const reader = new RpoOverviewReader(fleet, noBlobs, clockAt({ ms: 0 }), 0);
    const answers = Array.from({ length: 200 }, () => reader.run({}));
    fleet.release();
    const all = await Promise.all(answers);
    expect(fleet.runs).toHaveLength(1);
    expect(all.every((a) => a.summary.total === 3)).toBe(true);
  });

  it('with reuse off, checks again once the first answer is in', async () => {
    const fleet = fakeFleet();
    const reader = new RpoOverviewReader(fleet, noBlobs, clockAt({ ms: 0 }), 0);
    await reader.run({});
    await reader.run({});
    expect(fleet.runs).toHaveLength(2);
  });

  it('reuses an answer for the reuse window, then checks again', async () => {
    const t = { ms: 1_000 };
    const fleet = fakeFleet();
    const reader = new RpoOverviewReader(fleet, noBlobs, clockAt(t), 30_000);
    await reader.run({});
    t.ms += 29_999;
    await reader.run({});
    expect(fleet.runs).toHaveLength(1);
    t.ms += 1;
    await reader.run({});
    expect(fleet.runs).toHaveLength(2);
  });

  it('filters a shared answer by verdict, summary included', async () => {
    const fleet = fakeFleet();
    const reader = new RpoOverviewReader(fleet, noBlobs, clockAt({ ms: 0 }), 30_000);
    const all = await reader.run({});
    const breached = await reader.run({ verdicts: ['breached'] });
    expect(fleet.runs).toEqual([{}]);
    expect(all.summary.total).toBe(3);
    expect(breached.instances.map((i) => i.name)).toEqual(['b']);
    expect(breached.summary).toEqual({ total: 1, ok: 0, atRisk: 0, breached: 1, unknown: 0 });
  });

  it('never mixes scopes: another vault, cluster or instance is its own check (names compared case-insensitively)', async () => {
    const fleet = fakeFleet();
    const reader = new RpoOverviewReader(fleet, noBlobs, clockAt({ ms: 0 }), 30_000);
    await reader.run({ vault: 'bv-a' });
    await reader.run({ vault: 'BV-A' });
    await reader.run({ vault: 'bv-b' });
    await reader.run({ cluster: 'bv-a' });
    await reader.run({ instanceId: '/subscriptions/x/i' });
    expect(fleet.runs).toEqual([{ vault: 'bv-a' }, { vault: 'bv-b' }, { cluster: 'bv-a' }, { instanceId: '/subscriptions/x/i' }]);
  });

  it('does not keep a failed check: the next caller tries again', async () => {
    const fleet = fakeFleet();
    const reader = new RpoOverviewReader(fleet, noBlobs, clockAt({ ms: 0 }), 30_000);
    fleet.failNext();
    await expect(reader.run({})).rejects.toThrow('ARM unreachable');
    await expect(reader.run({})).resolves.toMatchObject({ summary: { total: 3 } });
    expect(fleet.runs).toHaveLength(2);
  });

  it('leaves blob sources out when narrowed, and filters them by verdict', async () => {
    const blobs = [
      { name: 'velero', verdict: 'ok' },
      { name: 'pg', verdict: 'breached' },
    ];
    let blobRuns = 0;
    const reader = new RpoOverviewReader(
      fakeFleet(),
      () => ({ run: () => (blobRuns++, Promise.resolve(blobs as never)) }),
      clockAt({ ms: 0 }),
      0,
    );
    expect((await reader.run({})).blobSources).toHaveLength(2);
    expect((await reader.run({ verdicts: ['breached'] })).blobSources.map((b) => b.name)).toEqual(['pg']);
    expect((await reader.run({ vault: 'v' })).blobSources).toEqual([]);
    expect(blobRuns).toBe(2);
  });
});
