import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guardMutation, sweepable, type DrillScope, type Mutation } from '../../../shared/domain/drill/guard.js';
import { DRILL_LABEL, drillId, isDnsLabel, validationNamespace } from '../../../shared/domain/drill/names.js';
import { drillRestoreRequest } from '../../../shared/domain/drill/request.js';

const id = drillId(123456789, '2026-12');
const scope: DrillScope = {
  drillId: id,
  namespaces: [
    { source: 'shop', target: validationNamespace('shop', id) },
    { source: 'payments', target: validationNamespace('payments', id) },
  ],
};
const shopTarget = validationNamespace('shop', id);
const mine = { [DRILL_LABEL]: id };

describe('names', () => {
  it('validation-<ns>-<drill id>, a valid namespace name however long the source', () => {
    expect(shopTarget).toBe(`validation-shop-${id}`);
    const long = validationNamespace('a'.repeat(70) + '-Prod_Data', id);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(isDnsLabel(long)).toBe(true);
    expect(long.endsWith(`-${id}`)).toBe(true);
  });
  it('a retried drill gets its own id, so its namespaces never collide with the first attempt', () =>
    expect(drillId(1, '2026-12', 1)).not.toBe(drillId(1, '2026-12')));
});

describe('the safety guard', () => {
  it.each<[string, Mutation]>([
    ['creating a planned, labelled validation namespace', { kind: 'create-namespace', name: shopTarget, labels: mine }],
    ['writing inside it', { kind: 'namespaced-write', namespace: shopTarget, what: 'NetworkPolicy/default-deny' }],
    [
      'a restore mapping every included namespace to its validation namespace',
      {
        kind: 'restore',
        includeClusterScopeResources: false,
        mappings: { shop: shopTarget, payments: validationNamespace('payments', id) },
      },
    ],
    ['deleting a namespace that carries this drill label', { kind: 'delete-namespace', name: shopTarget, labels: mine }],
  ])('allows %s', (_, m) => expect(guardMutation(scope, m)).toEqual({ allowed: true }));

  it.each<[string, Mutation, RegExp]>([
    ['a source namespace', { kind: 'namespaced-write', namespace: 'shop', what: 'Deployment/api' }, /validation namespaces/],
    [
      'a validation namespace of another drill',
      { kind: 'create-namespace', name: 'validation-shop-other', labels: { [DRILL_LABEL]: 'other' } },
      /not one of/,
    ],
    ['an unlabelled namespace', { kind: 'create-namespace', name: shopTarget, labels: {} }, /labelled/],
    ['any cluster-scoped object', { kind: 'cluster-scoped-write', what: 'ClusterRole/x' }, /cluster-scoped/],
    [
      'a restore with cluster-scoped resources',
      { kind: 'restore', includeClusterScopeResources: true, mappings: { shop: shopTarget } },
      /includeClusterScopeResources/,
    ],
    ['a restore without mappings (in place)', { kind: 'restore', includeClusterScopeResources: false, mappings: {} }, /source namespaces/],
    [
      'a restore leaving one namespace unmapped',
      { kind: 'restore', includeClusterScopeResources: false, mappings: { shop: shopTarget } },
      /every included/,
    ],
    [
      'a restore mapped to the wrong validation namespace',
      {
        kind: 'restore',
        includeClusterScopeResources: false,
        mappings: { shop: validationNamespace('payments', id), payments: shopTarget },
      },
      /planned/,
    ],
    [
      'deleting a namespace whose label is not this drill',
      { kind: 'delete-namespace', name: shopTarget, labels: { [DRILL_LABEL]: 'x' } },
      /does not carry/,
    ],
    [
      'deleting an unlabelled namespace named like ours',
      { kind: 'delete-namespace', name: shopTarget, labels: undefined },
      /does not carry/,
    ],
    ['deleting a source namespace even when labelled', { kind: 'delete-namespace', name: 'shop', labels: mine }, /not a validation/],
  ])('refuses %s', (_, m, rule) => {
    const verdict = guardMutation(scope, m);
    expect(verdict.allowed).toBe(false);
    expect(!verdict.allowed && verdict.rule).toMatch(rule);
  });

  it('never allows a write outside this drill’s validation namespaces, whatever the mutation (random)', () => {
    const names = fc.oneof(fc.constantFrom('shop', 'payments', 'kube-system', 'default', shopTarget, `validation-x-${id}`), fc.string());
    const labels = fc.option(fc.dictionary(fc.constantFrom(DRILL_LABEL, 'app'), fc.constantFrom(id, 'other', '')), { nil: undefined });
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      fc.record({ kind: fc.constant('create-namespace' as const), name: names, labels: labels.map((l) => l ?? {}) }),
      fc.record({ kind: fc.constant('namespaced-write' as const), namespace: names, what: fc.constant('x') }),
      fc.record({ kind: fc.constant('delete-namespace' as const), name: names, labels }),
      fc.record({
        kind: fc.constant('restore' as const),
        includeClusterScopeResources: fc.boolean(),
        mappings: fc.dictionary(fc.constantFrom('shop', 'payments', 'other'), names),
      }),
    );
    const planned = new Set(scope.namespaces.map((n) => n.target));
    fc.assert(
      fc.property(mutation, (m) => {
        if (!guardMutation(scope, m).allowed) return;
        const written: string[] =
          m.kind === 'restore'
            ? Object.values(m.mappings)
            : m.kind === 'namespaced-write'
              ? [m.namespace]
              : m.kind === 'cluster-scoped-write'
                ? ['(cluster)']
                : [m.name];
        for (const ns of written) expect(planned.has(ns) || (m.kind === 'delete-namespace' && ns.startsWith('validation-'))).toBe(true);
        if (m.kind === 'delete-namespace') expect(m.labels?.[DRILL_LABEL]).toBe(id);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the sweeper', () => {
  const day = 86_400_000;
  const now = new Date('2026-12-10T00:00:00Z');
  const old = new Date(now.getTime() - 3 * day);
  it('removes labelled validation namespaces of finished or abandoned drills past the age limit', () =>
    expect(sweepable({ name: 'validation-shop-abc', labels: { [DRILL_LABEL]: 'abc' }, createdAt: old }, new Set(), 2 * day, now)).toBe(
      true,
    ));
  it.each([
    ['an unlabelled namespace, whatever its name', { name: 'validation-shop-abc', labels: undefined, createdAt: old }],
    ['a labelled namespace not named validation-*', { name: 'shop', labels: { [DRILL_LABEL]: 'abc' }, createdAt: old }],
    ['one of a drill still running', { name: 'validation-shop-run', labels: { [DRILL_LABEL]: 'run' }, createdAt: old }],
    ['a young one', { name: 'validation-shop-abc', labels: { [DRILL_LABEL]: 'abc' }, createdAt: new Date(now.getTime() - day) }],
  ])('never touches %s', (_, ns) => expect(sweepable(ns, new Set(['run']), 2 * day, now)).toBe(false));
});

describe('the drill’s restore request', () => {
  const target = { clusterId: '/k1', clusterName: 'k1', location: 'westeurope' };
  const source = { clusterId: '/k1', recoveryPointId: 'rp-1', dataStore: 'OperationalStore' as const };
  it('maps every included namespace into its validation namespace, without cluster-scoped resources', () => {
    const built = drillRestoreRequest(scope, source, target);
    if ('refused' in built) throw new Error(built.refused);
    const [criteria] = built.request.restoreTargetInfo.restoreCriteria as Record<string, unknown>[];
    expect(criteria).toMatchObject({
      includeClusterScopeResources: false,
      includedNamespaces: ['shop', 'payments'],
      namespaceMappings: { shop: shopTarget, payments: validationNamespace('payments', id) },
    });
  });
  it('is never built for a plan the guard refuses', () =>
    expect(drillRestoreRequest({ drillId: id, namespaces: [{ source: 'shop', target: 'shop' }] }, source, target)).toEqual({
      refused: "mapping shop → shop: the target is not one of this drill's validation namespaces",
    }));
});
