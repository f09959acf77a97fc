// The pure cross-check of Resource Graph's answer against the DataProtection API's lists: which vaults are not to be
// trusted, and what the run says about it, by subscription.
import { describe, expect, it } from 'vitest';
import { crossCheckGraph, type CensusView } from '../../shared/domain/graphCrossCheck.js';

const S1 = '11111111-1111-1111-1111-111111111111';
const S2 = '22222222-2222-2222-2222-222222222222';
const vault = (sub: string, name: string) =>
  `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/${name}`;
const bi = (sub: string, v: string, name: string) => `${vault(sub, v)}/backupInstances/${name}`;
const FALLBACK = 'its instances were judged from the DataProtection API instead';

const census: CensusView[] = [
  {
    subscriptionId: S1,
    vaults: [
      { id: vault(S1, 'bv-a'), name: 'bv-a', instanceIds: [bi(S1, 'bv-a', 'one'), bi(S1, 'bv-a', 'two')] },
      { id: vault(S1, 'bv-b'), name: 'bv-b', instanceIds: [bi(S1, 'bv-b', 'three')] },
      { id: vault(S1, 'bv-empty'), name: 'bv-empty', instanceIds: [] },
    ],
  },
  { subscriptionId: S2, vaults: [{ id: vault(S2, 'bv-c'), name: 'bv-c', instanceIds: [bi(S2, 'bv-c', 'four')] }] },
];
const everything = census.flatMap((s) => s.vaults!.flatMap((v) => v.instanceIds!));

describe('crossCheckGraph', () => {
  it('trusts an answer that agrees, whatever the casing of the ids', () => {
    const check = crossCheckGraph(
      everything.map((id) => id.toUpperCase()),
      census,
      FALLBACK,
    );
    expect([...check.distrustedVaults]).toEqual([]);
    expect(check.warnings).toEqual([]);
  });

  it('distrusts every vault with instances when Resource Graph answers empty, one warning per subscription', () => {
    const check = crossCheckGraph([], census, FALLBACK);
    expect([...check.distrustedVaults].sort()).toEqual(
      [vault(S1, 'bv-a'), vault(S1, 'bv-b'), vault(S2, 'bv-c')].map((v) => v.toLowerCase()).sort(),
    );
    expect(check.warnings).toEqual([
      `Resource Graph shows 0 of the 3 AKS backup instances the DataProtection API lists in subscription ${S1} ` +
        `(bv-a: 2 in the DataProtection API, 0 in Resource Graph; bv-b: 1 in the DataProtection API, 0 in Resource Graph); ` +
        `those vaults: ${FALLBACK} (Resource Graph answers empty for a subscription the identity cannot read, and while it is still indexing)`,
      `Resource Graph shows 0 of the 1 AKS backup instances the DataProtection API lists in subscription ${S2} ` +
        `(bv-c: 1 in the DataProtection API, 0 in Resource Graph); that vault: ${FALLBACK} ` +
        '(Resource Graph answers empty for a subscription the identity cannot read, and while it is still indexing)',
    ]);
  });

  it('distrusts only the vault Resource Graph shows short (a subset of the estate)', () => {
    const check = crossCheckGraph(
      everything.filter((id) => !id.endsWith('/two')),
      census,
      FALLBACK,
    );
    expect([...check.distrustedVaults]).toEqual([vault(S1, 'bv-a').toLowerCase()]);
    expect(check.warnings).toHaveLength(1);
    expect(check.warnings[0]).toContain(
      `Resource Graph shows 2 of the 3 AKS backup instances the DataProtection API lists in subscription ${S1}`,
    );
    expect(check.warnings[0]).toContain('bv-a: 2 in the DataProtection API, 1 in Resource Graph');
  });

  it('distrusts a vault whose count matches but whose instances do not', () => {
    const shown = [...everything.filter((id) => !id.endsWith('/three')), bi(S1, 'bv-b', 'stale')];
    const check = crossCheckGraph(shown, census, FALLBACK);
    expect([...check.distrustedVaults]).toEqual([vault(S1, 'bv-b').toLowerCase()]);
    expect(check.warnings[0]).toContain('bv-b: 1 in the DataProtection API, 1 in Resource Graph, not the same ones');
  });

  it('distrusts a vault Resource Graph still shows but the DataProtection API no longer lists', () => {
    const check = crossCheckGraph([...everything, bi(S2, 'bv-gone', 'x')], census, FALLBACK);
    expect([...check.distrustedVaults]).toEqual([vault(S2, 'bv-gone').toLowerCase()]);
    expect(check.warnings[0]).toContain('bv-gone: 1 in Resource Graph, a vault the DataProtection API does not list');
  });

  it('says which subscription or vault could not be checked, and keeps Resource Graph’s answer for it', () => {
    const partial: CensusView[] = [
      { subscriptionId: S1, error: '403 AuthorizationFailed' },
      { subscriptionId: S2, vaults: [{ id: vault(S2, 'bv-c'), name: 'bv-c', error: '500 InternalServerError' }] },
    ];
    const check = crossCheckGraph([], partial, FALLBACK);
    expect([...check.distrustedVaults]).toEqual([]);
    expect(check.warnings).toEqual([
      `could not cross-check subscription ${S1} against the DataProtection API (403 AuthorizationFailed); Resource Graph's answer for it is used unchecked`,
      `could not cross-check vault bv-c (500 InternalServerError) in subscription ${S2} against the DataProtection API; Resource Graph's answer for it is used unchecked`,
    ]);
  });
});
