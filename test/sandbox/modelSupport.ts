// Small scenarios and helpers shared by the estate model tests.
import { createEstateModel, loadScenario, type EstateModel, type ScenarioInput } from '../../sandbox/estate/services/index.js';

export const START = new Date('2026-03-10T12:00:00Z');
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** One vault, a PT4H policy anchored at 02:00 UTC (slots 02/06/10/14/18/22), one instance on aks1, aks2 as restore target. */
export function smallScenario(overrides: { instance?: Record<string, unknown>; retention?: string } = {}): ScenarioInput {
  return {
    name: 'small',
    clusters: [
      {
        name: 'aks1',
        resourceGroup: 'rg-aks',
        namespaces: [{ name: 'shop', resources: { deployments: 2, pods: 4, services: 2, configMaps: 2, pvcs: 1 } }, { name: 'web' }],
      },
      { name: 'aks2', resourceGroup: 'rg-aks' },
      { name: 'aks-far', resourceGroup: 'rg-aks', location: 'northeurope' },
    ],
    vaults: [
      {
        name: 'bv1',
        resourceGroup: 'rg-backup',
        policies: [{ name: 'p4h', interval: 'PT4H', anchor: '2026-03-01T02:00:00Z', retention: overrides.retention ?? 'P2D' }],
        instances: [{ name: 'bi1', cluster: 'aks1', policy: 'p4h', createdAt: '-P3D', ...overrides.instance }],
      },
    ],
  };
}

export function modelOf(input: ScenarioInput, startAt: Date = START): EstateModel {
  return createEstateModel(loadScenario(input), { startAt, frozen: true });
}

export function onlyInstance(model: EstateModel): NonNullable<ReturnType<EstateModel['findInstance']>> {
  const instance = model.findInstance('bi1');
  if (!instance) throw new Error('bi1 missing');
  return instance;
}

export type Verdict = 'ok' | 'at-risk' | 'breached' | 'unknown';

/** The brief's RPO rule: target = interval + 1 h; at-risk from 80 %; unknown when never backed up or not protected. */
export function verdictOf(model: EstateModel, name: string): Verdict {
  const instance = model.findInstance(name);
  if (!instance) throw new Error(`no instance ${name}`);
  if (model.protection(instance).currentProtectionState !== 'ProtectionConfigured') return 'unknown';
  const newest = model.recoveryPoints(instance)[0];
  if (!newest) return 'unknown';
  const age = model.nowMs() - newest.time;
  const target = instance.policy.intervalMs + HOUR;
  if (age >= target) return 'breached';
  return age >= 0.8 * target ? 'at-risk' : 'ok';
}
