import { describe, expect, it } from 'vitest';
import { periodBounds, periodOf, resolveCadence } from '../../../shared/domain/drill/cadence.js';
import { drillSlot, stableHash } from '../../../shared/domain/drill/spread.js';
import { ALL_DAY, inWindow, parseDailyWindow, type DailyWindow } from '../../../shared/domain/drill/window.js';

const win = (text: string): DailyWindow => {
  const parsed = parseDailyWindow(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.window;
};

describe('RESTORE_DRILL_WINDOW', () => {
  it.each([
    ['01:00-05:00', 60, 240],
    ['22:00-02:00', 22 * 60, 240],
    [' 0:30 - 0:45 ', 30, 15],
    ['03:00-03:00', 180, 1440],
  ])('%s opens at minute %i for %i minutes', (text, start, length) =>
    expect(win(text)).toEqual({ startMinute: start, lengthMinutes: length }),
  );
  it.each(['1-5', '24:00-01:00', '01:60-02:00', '', '01:00–05:00'])('refuses %j and says what it expects', (text) => {
    const parsed = parseDailyWindow(text);
    expect('error' in parsed && parsed.error).toMatch(/HH:MM|00:00/);
  });
  it.each([
    ['2026-12-02T21:59:00Z', false],
    ['2026-12-02T22:00:00Z', true],
    ['2026-12-03T01:59:00Z', true],
    ['2026-12-03T02:00:00Z', false],
  ])('22:00-02:00 holds %s: %s', (at, inside) => expect(inWindow(win('22:00-02:00'), new Date(at))).toBe(inside));
});

describe('cadence from tags', () => {
  it('the instance tag beats the cluster tag, which beats the setting', () => {
    expect(resolveCadence('restore-drill', { 'Restore-Drill': 'Quarterly' }, { 'restore-drill': 'off' }, 'monthly')).toEqual({
      cadence: 'quarterly',
      source: 'instance-tag',
    });
    expect(resolveCadence('restore-drill', undefined, { 'restore-drill': 'off' }, 'monthly')).toEqual({
      cadence: 'off',
      source: 'cluster-tag',
    });
    expect(resolveCadence('restore-drill', {}, {}, 'monthly')).toEqual({ cadence: 'monthly', source: 'setting' });
  });
  it('a mistyped tag never turns drills off: it is skipped and said', () => {
    const choice = resolveCadence('restore-drill', { 'restore-drill': 'never' }, undefined, 'monthly');
    expect(choice.cadence).toBe('monthly');
    expect(choice.skipped).toContain('"never"');
  });
});

describe('periods', () => {
  it.each([
    ['monthly', '2026-12-02T10:00:00Z', '2026-12', '2026-12-01', 31],
    ['monthly', '2028-02-29T23:59:00Z', '2028-02', '2028-02-01', 29],
    ['quarterly', '2026-11-30T00:00:00Z', '2026-Q4', '2026-10-01', 92],
    ['quarterly', '2027-01-01T00:00:00Z', '2027-Q1', '2027-01-01', 90],
  ] as const)('%s %s → %s from %s, %i days', (cadence, at, period, start, days) => {
    expect(periodOf(cadence, new Date(at))).toBe(period);
    const bounds = periodBounds(cadence, new Date(at));
    expect(bounds.start.toISOString().slice(0, 10)).toBe(start);
    expect(bounds.days).toBe(days);
  });
});

describe('drill slots spread a fleet over the month', () => {
  const ids = Array.from(
    { length: 500 },
    (_, i) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v${i % 7}/backupInstances/app-${i}`,
  );
  const now = new Date('2026-12-02T00:00:00Z');
  const window = win('01:00-05:00');

  it('is stable and ignores the case of the id, as ARM does', () => {
    const id = ids[3] ?? '';
    expect(drillSlot(id, 'monthly', window, now)).toEqual(drillSlot(id.toUpperCase(), 'monthly', window, new Date('2026-12-30T00:00:00Z')));
    expect(stableHash('abc')).toBe(stableHash('ABC'));
  });
  it('puts every slot inside the period and the window', () => {
    for (const id of ids) {
      const slot = drillSlot(id, 'monthly', window, now);
      expect(slot.period).toBe('2026-12');
      expect(slot.dueAt.getUTCMonth()).toBe(11);
      expect(slot.dueAt.getUTCDate()).toBeLessThanOrEqual(28);
      expect(inWindow(window, slot.dueAt)).toBe(true);
    }
  });
  it('does not put them all on day 1: every one of the 28 days is used, none more than twice its share', () => {
    const perDay = new Map<number, number>();
    for (const id of ids) {
      const day = drillSlot(id, 'monthly', ALL_DAY, now).dueAt.getUTCDate();
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    expect(perDay.size).toBe(28);
    expect(Math.max(...perDay.values())).toBeLessThanOrEqual((2 * ids.length) / 28);
  });
  it('spreads a quarterly drill over the whole quarter', () => {
    const months = new Set(ids.map((id) => drillSlot(id, 'quarterly', ALL_DAY, now).dueAt.getUTCMonth()));
    expect([...months].sort()).toEqual([10, 11, 9].sort());
  });
});
