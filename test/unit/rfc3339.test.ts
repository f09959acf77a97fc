import { describe, expect, it } from 'vitest';
import { parseRfc3339 } from '../../shared/domain/rfc3339.js';

describe('parseRfc3339', () => {
  it.each([
    ['2026-11-21T10:00:00Z', '2026-11-21T10:00:00.000Z'],
    ['2026-11-21t10:00:00z', '2026-11-21T10:00:00.000Z'],
    ['2026-11-21T10:00:00.9232467Z', '2026-11-21T10:00:00.923Z'],
    ['2026-11-21T12:30:00+02:30', '2026-11-21T10:00:00.000Z'],
    ['2026-11-21T00:00:00-01:00', '2026-11-21T01:00:00.000Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z'],
  ])('reads %s', (text, iso) => expect(parseRfc3339(text)?.toISOString()).toBe(iso));

  it.each([
    ['a day February does not have', '2026-02-30T00:00:00Z'],
    ['29 February in a common year', '2026-02-29T00:00:00Z'],
    ['29 February in 1900', '1900-02-29T00:00:00Z'],
    ['31 April', '2026-04-31T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['day 0', '2026-01-00T00:00:00Z'],
    ['hour 24', '2026-01-01T24:00:00Z'],
    ['minute 60', '2026-01-01T00:60:00Z'],
    ['a leap second', '2026-06-30T23:59:60Z'],
    ['offset +24:00', '2026-01-01T00:00:00+24:00'],
    ['no offset', '2026-01-01T00:00:00'],
    ['a date only', '2026-01-01'],
    ['JavaScript’s largest date', '+275760-09-13T00:00:00.000Z'],
    ['a five-digit year', '10000-01-01T00:00:00Z'],
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['words', 'yesterday'],
    ['a space for T', '2026-01-01 00:00:00Z'],
  ])('refuses %s', (_what, text) => expect(parseRfc3339(text)).toBeUndefined());
});
