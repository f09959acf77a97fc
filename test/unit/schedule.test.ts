import { describe, expect, it } from 'vitest';
import { longestScheduleGapMs, parseRepeatingInterval } from '../../shared/domain/rpo/schedule.js';
import { targetFromPolicy } from '../../shared/domain/rpo/rpoTarget.js';

const H = 3_600_000;

describe('parseRepeatingInterval', () => {
  it('reads anchor and period', () => {
    const i = parseRepeatingInterval('R/2025-01-01T02:00:00+00:00/PT4H');
    expect(i?.anchor.toISOString()).toBe('2025-01-01T02:00:00.000Z');
    expect(i?.periodMs).toBe(4 * H);
  });
  it('accepts a repeat count', () => expect(parseRepeatingInterval('R5/2025-01-01T02:00:00Z/P1D')?.periodMs).toBe(24 * H));
  it.each(['2025-01-01T02:00:00Z/PT4H', 'R/not-a-date/PT4H', 'R/2025-01-01T02:00:00Z/P1M', 'R/2025-01-01T02:00:00Z'])('rejects %j', (t) =>
    expect(parseRepeatingInterval(t)).toBeUndefined(),
  );
});

describe('longestScheduleGapMs', () => {
  it('is the period for one interval', () => expect(longestScheduleGapMs(['R/2025-01-01T02:00:00Z/PT4H'])).toBe(4 * H));
  it('is the largest gap between anchors of several daily intervals', () =>
    expect(longestScheduleGapMs(['R/2025-01-01T02:00:00Z/P1D', 'R/2025-01-01T08:00:00Z/P1D'])).toBe(18 * H));
  it('is undefined when nothing parses', () => expect(longestScheduleGapMs(['nonsense'])).toBeUndefined());
  it('ignores unreadable entries next to readable ones', () =>
    expect(longestScheduleGapMs(['x', 'R/2025-01-01T00:00:00Z/PT12H'])).toBe(12 * H));
});

describe('targetFromPolicy', () => {
  it('adds the grace to the schedule gap and says where it came from', () => {
    const t = targetFromPolicy({ ruleName: 'BackupHourly', repeatingTimeIntervals: ['R/2025-01-01T02:00:00Z/PT4H'] }, H, 24 * H);
    expect(t).toEqual({ ms: 5 * H, source: 'policy-schedule', detail: 'BackupHourly every PT4H + PT1H grace' });
  });
  it('falls back to the default without a schedule', () => {
    const t = targetFromPolicy(undefined, H, 24 * H);
    expect(t.source).toBe('default');
    expect(t.ms).toBe(24 * H);
    expect(t.detail).toContain('no backup schedule');
  });
  it('falls back to the default when the schedule is unreadable, naming it', () => {
    const t = targetFromPolicy({ ruleName: 'BackupDaily', repeatingTimeIntervals: ['bad'] }, H, 24 * H);
    expect(t.source).toBe('default');
    expect(t.detail).toContain('bad');
  });
  it('carries the caller reason (e.g. policy unreadable)', () =>
    expect(targetFromPolicy(undefined, H, 24 * H, 'policy p could not be read: 403').detail).toContain('403'));
});
