import { describe, expect, it } from 'vitest';
import { selectDrills, type DrillCandidate } from '../../../shared/domain/drill/select.js';

const now = new Date('2026-12-10T02:00:00Z');
const c = (instanceId: string, clusterId: string, dueAt = '2026-12-05T01:00:00Z', restoresLast24h = 0): DrillCandidate => ({
  instanceId,
  clusterId,
  period: '2026-12',
  dueAt: new Date(dueAt),
  restoresLast24h,
});

describe('which due drills start', () => {
  it('starts the longest-waiting first, up to the fleet cap', () => {
    const s = selectDrills(
      [c('b', 'k2', '2026-12-06T01:00:00Z'), c('a', 'k1'), c('c', 'k3', '2026-12-07T01:00:00Z')],
      [],
      { maxConcurrent: 2 },
      now,
    );
    expect(s.start.map((x) => x.instanceId)).toEqual(['a', 'b']);
    expect(s.deferred).toEqual([{ instanceId: 'c', reason: 'fleet-cap' }]);
  });
  it('runs at most one drill per cluster, counting the ones already running (ids compared case-insensitively)', () => {
    const s = selectDrills(
      [c('a', '/K1'), c('b', '/k1'), c('d', '/k2')],
      [{ instanceId: 'x', clusterId: '/k2' }],
      { maxConcurrent: 10 },
      now,
    );
    expect(s.start.map((x) => x.instanceId)).toEqual(['a']);
    expect(s.deferred).toEqual([
      { instanceId: 'b', reason: 'cluster-busy' },
      { instanceId: 'd', reason: 'cluster-busy' },
    ]);
  });
  it("keeps to Azure's 10 restores per instance per day", () => {
    const s = selectDrills([c('a', 'k1', undefined, 10), c('b', 'k2', undefined, 9)], [], { maxConcurrent: 5 }, now);
    expect(s.start.map((x) => x.instanceId)).toEqual(['b']);
    expect(s.deferred).toEqual([{ instanceId: 'a', reason: 'daily-restore-limit' }]);
  });
  it('leaves a drill that is not due yet, and never starts a second drill of a running instance', () => {
    const s = selectDrills(
      [c('a', 'k1', '2026-12-11T01:00:00Z'), c('b', 'k2')],
      [{ instanceId: 'B', clusterId: 'k9' }],
      { maxConcurrent: 5 },
      now,
    );
    expect(s.start).toEqual([]);
    expect(s.deferred).toEqual([
      { instanceId: 'b', reason: 'instance-busy' },
      { instanceId: 'a', reason: 'not-due' },
    ]);
  });
  it('starts nothing when the running drills already fill the cap', () => {
    const s = selectDrills([c('a', 'k1')], [{ instanceId: 'x', clusterId: 'k2' }], { maxConcurrent: 1 }, now);
    expect(s.start).toEqual([]);
  });
});
