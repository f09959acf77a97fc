// The product's readers of Azure's words at their edges: job statuses and protection as Azure writes them, ISO 8601
// durations, RFC 3339 times, and the cross-check of Resource Graph's answer against the DataProtection API's lists
// (counts, plurals, subscription casing).
import { describe, expect, it } from 'vitest';
import { hasEnded, readProtection } from '../../shared/domain/azureWords.js';
import { formatDuration, parseDuration } from '../../shared/domain/duration.js';
import { crossCheckGraph, vaultOfInstance, type CensusView } from '../../shared/domain/graphCrossCheck.js';
import { parseRfc3339 } from '../../shared/domain/rfc3339.js';

describe('Azure’s words', () => {
  it('a padded running status has not ended', () => expect(hasEnded(' InProgress ')).toBe(false));

  it('a blank currentProtectionState gives way to protectionStatus.status', () =>
    expect(readProtection({ currentProtectionState: '  ', protectionStatus: { status: 'ProtectionConfigured' } }).state).toBe(
      'ProtectionConfigured',
    ));

  it.each([
    [{ message: 'no role' }, 'no role'],
    [{ code: 'UserErrorMissingRole', message: '' }, 'UserErrorMissingRole'],
    [{ code: 'UserErrorMissingRole' }, 'UserErrorMissingRole'],
    [{ code: '', message: '' }, undefined],
    [{}, undefined],
  ])('an error %j reads %j', (errorDetails, error) =>
    expect(readProtection({ protectionStatus: { status: 'ProtectionError', errorDetails } }).error).toBe(error),
  );
});

describe('ISO 8601 durations', () => {
  it.each([
    ['P12W', 12 * 7 * 86_400_000],
    ['P14D', 14 * 86_400_000],
    ['PT12H', 12 * 3_600_000],
    ['PT90M', 90 * 60_000],
    ['PT3600S', 3_600_000],
    ['P1.25W', 1.25 * 7 * 86_400_000],
    ['P1.25D', 1.25 * 86_400_000],
    ['PT1.25H', 1.25 * 3_600_000],
    ['PT1.25M', 75_000],
    ['PT1.25S', 1_250],
    [' PT4H ', 4 * 3_600_000],
  ])('%s is %i ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['xP1D', ' P ', 'PT ', 'P1DT '])('refuses %j', (text) => expect(parseDuration(text)).toBeUndefined());

  it('names the value it cannot format', () =>
    expect(() => formatDuration(-1)).toThrow('duration must be a non-negative finite number, got -1'));
});

describe('RFC 3339 times at the edges of each field', () => {
  it.each([
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['2026-01-31T23:59:59Z', '2026-01-31T23:59:59.000Z'],
    ['2026-12-01T00:00:00Z', '2026-12-01T00:00:00.000Z'],
    ['2026-11-21T23:00:00+23:00', '2026-11-21T00:00:00.000Z'],
    ['2026-11-21T05:59:00+05:59', '2026-11-21T00:00:00.000Z'],
  ])('%s is %s', (text, iso) => expect(parseRfc3339(text)?.toISOString()).toBe(iso));

  it.each(['2026-01-01T00:00:00+00:60', '2026-11-21T10:00:00Zjunk'])('refuses %s', (text) => expect(parseRfc3339(text)).toBeUndefined());
});

describe('the cross-check of Resource Graph against the DataProtection API', () => {
  // A subscription id with hex letters, as Azure writes them, listed in capitals by the census.
  const S = 'abcdef01-2345-6789-abcd-ef0123456789';
  const vault = (name: string) => `/subscriptions/${S}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/${name}`;
  const bi = (v: string, name: string) => `${vault(v)}/backupInstances/${name}`;
  const FALLBACK = 'read from the DataProtection API';
  const WHY = 'Resource Graph answers empty for a subscription the identity cannot read, and while it is still indexing';

  it('reads the vault of an instance id, with or without a trailing slash, and leaves other ids alone', () => {
    expect(vaultOfInstance(bi('bv', 'x'))).toBe(vault('bv'));
    expect(vaultOfInstance(`${bi('bv', 'x')}/`)).toBe(vault('bv'));
    expect(vaultOfInstance(`${bi('bv', 'x')}/recoveryPoints/y`)).toBe(`${bi('bv', 'x')}/recoveryPoints/y`);
  });

  it('a stale vault Resource Graph still shows counts in its total, whatever the casing of the subscription', () => {
    const census: CensusView[] = [
      { subscriptionId: S.toUpperCase(), vaults: [{ id: vault('bv-a'), name: 'bv-a', instanceIds: [bi('bv-a', 'one')] }] },
    ];
    const check = crossCheckGraph([bi('bv-a', 'one'), bi('bv-gone', 'x'), bi('bv-gone', 'y')], census, FALLBACK);
    expect([...check.distrustedVaults]).toEqual([vault('bv-gone').toLowerCase()]);
    expect(check.warnings).toEqual([
      `Resource Graph shows 3 of the 1 AKS backup instances the DataProtection API lists in subscription ${S.toUpperCase()} ` +
        `(bv-gone: 2 in Resource Graph, a vault the DataProtection API does not list); that vault: ${FALLBACK} (${WHY})`,
    ]);
  });

  it('distrusts a vault where Resource Graph shows more instances than the API lists', () => {
    const census: CensusView[] = [{ subscriptionId: S, vaults: [{ id: vault('bv-a'), name: 'bv-a', instanceIds: [bi('bv-a', 'one')] }] }];
    const check = crossCheckGraph([bi('bv-a', 'one'), bi('bv-a', 'stale')], census, FALLBACK);
    expect([...check.distrustedVaults]).toEqual([vault('bv-a').toLowerCase()]);
    expect(check.warnings[0]).toContain('(bv-a: 1 in the DataProtection API, 2 in Resource Graph)');
  });

  it('says "no answer" when a list came back without an error, and speaks of vaults in the plural', () => {
    const census: CensusView[] = [
      { subscriptionId: 'sub-without-answer' },
      {
        subscriptionId: S,
        vaults: [
          { id: vault('bv-a'), name: 'bv-a' },
          { id: vault('bv-b'), name: 'bv-b', error: '503' },
          { id: vault('bv-c'), name: 'bv-c', instanceIds: [bi('bv-c', 'one')] },
        ],
      },
    ];
    expect(crossCheckGraph([], census, FALLBACK).warnings).toEqual([
      "could not cross-check subscription sub-without-answer against the DataProtection API (no answer); Resource Graph's answer for it is used unchecked",
      `Resource Graph shows 0 of the 1 AKS backup instances the DataProtection API lists in subscription ${S} ` +
        `(bv-c: 1 in the DataProtection API, 0 in Resource Graph); that vault: ${FALLBACK} (${WHY}); ` +
        `could not cross-check vaults bv-a (no answer), bv-b (503) in subscription ${S} against the DataProtection API; ` +
        "Resource Graph's answer for them is used unchecked",
    ]);
  });
});
