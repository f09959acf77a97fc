import { describe, expect, it } from 'vitest';
import { DEFAULT_TIERS, describeTiers, findTier, parseTierTable } from '../../shared/domain/rpo/tiers.js';

const MIN = 60_000;

describe('the default tier table', () => {
  it.each([
    ['Critical', 15 * MIN],
    ['Production', 60 * MIN],
    ['Standard', 24 * 60 * MIN],
    ['Development', null],
    ['critical', 15 * MIN],
    [' STANDARD ', 24 * 60 * MIN],
  ] as const)('%s → %s', (name, ms) => expect(findTier(DEFAULT_TIERS, name)?.targetMs).toBe(ms));
  it('knows no other tier', () => expect(findTier(DEFAULT_TIERS, 'Gold')).toBeUndefined());
  it('describes itself for messages', () =>
    expect(describeTiers(DEFAULT_TIERS)).toBe('Critical (PT15M), Production (PT1H), Standard (P1D), Development (none)'));
});

describe('parseTierTable', () => {
  it('reads pairs separated by commas or semicolons, with spaces', () => {
    const parsed = parseTierTable(' Gold = PT30M ; Silver=PT4H,Sandbox=none ,Mission critical=PT5M');
    if (!('table' in parsed)) throw new Error(parsed.error);
    expect([...parsed.table.values()]).toEqual([
      { name: 'Gold', targetMs: 30 * MIN },
      { name: 'Silver', targetMs: 240 * MIN },
      { name: 'Sandbox', targetMs: null },
      { name: 'Mission critical', targetMs: 5 * MIN },
    ]);
  });

  it.each([
    ['', 'lists no tiers'],
    ['Gold', '"Gold" is not Name=<ISO 8601 duration>'],
    ['Gold=', '"Gold=" is not'],
    ['Gold=4h', 'tier "Gold": "4h" is not a positive ISO 8601 duration'],
    ['Gold=PT0S', 'tier "Gold": "PT0S"'],
    ['Gold=P1M', 'tier "Gold": "P1M"'],
    ['Gold=PT1H,gold=PT2H', 'tier "gold" is listed twice'],
  ])('rejects %j: %s', (text, message) => {
    const parsed = parseTierTable(text);
    expect('error' in parsed && parsed.error).toContain(message);
  });
});
