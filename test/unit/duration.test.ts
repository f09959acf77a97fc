import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../shared/domain/duration.js';

describe('parseDuration', () => {
  it.each([
    ['PT15M', 15 * 60_000],
    ['PT1H', 3_600_000],
    ['PT4H', 4 * 3_600_000],
    ['P1D', 86_400_000],
    ['P1DT1H', 25 * 3_600_000],
    ['P1W', 7 * 86_400_000],
    ['PT1H30M', 90 * 60_000],
    ['PT0.5S', 500],
    ['pt2h', 7_200_000],
  ])('%s → %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', 'P', 'PT', 'P1M', 'P1Y', '1h', 'PT-1H', 'P1DT', 'garbage'])('rejects %j', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );
});

describe('formatDuration', () => {
  it.each([
    [0, 'PT0S'],
    [900_000, 'PT15M'],
    [3_600_000, 'PT1H'],
    [5 * 3_600_000, 'PT5H'],
    [25 * 3_600_000, 'P1DT1H'],
    [90_061_000, 'P1DT1H1M1S'],
    [1_499, 'PT1S'],
  ])('%d ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it('round-trips through parseDuration', () => {
    for (const ms of [60_000, 3_600_000, 86_400_000 + 60_000, 7 * 86_400_000]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });

  it('refuses negative lengths', () => expect(() => formatDuration(-1)).toThrow(RangeError));
});
