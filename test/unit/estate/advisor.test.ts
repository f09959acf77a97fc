import { describe, expect, it } from 'vitest';
import { advise, type AdvisorFacts, type AdvisorPrices } from '../../../shared/domain/estate/advisor.js';

const HOUR = 3_600_000;
const prices: AdvisorPrices = { currency: 'USD', snapshotPerGbMonth: 0.05, vaultPerGbMonth: 0.02 };
const facts = (over: Partial<AdvisorFacts>): AdvisorFacts => ({
  instanceId: '/bi/shop',
  tier: 'Production',
  rpoTargetMs: HOUR * 4,
  schedule: ['R/2026-01-01T00:00:00+00:00/PT4H'],
  operationalRetentionDays: 30,
  vaultRetentionDays: 365,
  snapshotGb: 100,
  vaultGb: 200,
  ...over,
});
const ids = (f: AdvisorFacts): string[] => advise(f, prices).recommendations.map((r) => r.id);

describe('the advisor', () => {
  it('a policy that matches its tier and the retention table: nothing to say, and the cost per month', () => {
    const a = advise(facts({}), prices);
    expect(a.recommendations).toEqual([]);
    expect(a.monthlyCost).toBe(100 * 0.05 + 200 * 0.02);
    expect(a.missing).toEqual([]);
  });
  it('a daily policy can never meet 15 minutes, and no AKS schedule can: says what to do instead', () => {
    const [r] = advise(
      facts({ tier: 'Critical', rpoTargetMs: HOUR / 4, schedule: ['R/2026-01-01T00:00:00+00:00/P1D'] }),
      prices,
    ).recommendations;
    expect(r).toMatchObject({ id: 'schedule-vs-rpo', severity: 'risk', evidence: { longestGap: 'P1D', rpoTarget: 'PT15M' } });
    expect(r?.text).toMatch(/at most every 4 h/);
  });
  it('a 12-hourly policy for a 4 h target: schedule more often', () =>
    expect(advise(facts({ schedule: ['R/2026-01-01T00:00:00+00:00/PT12H'] }), prices).recommendations[0]?.text).toMatch(
      /schedule every PT4H or less/,
    ));
  it('7 days of daily points (< the table’s 30): a risk, with what keeping 30 would cost', () => {
    const [r] = advise(facts({ operationalRetentionDays: 7 }), prices).recommendations;
    expect(r).toMatchObject({ id: 'daily-retention', monthlyCostDelta: Math.round(100 * 0.05 * (30 / 7 - 1) * 100) / 100 });
  });
  it('a Production workload without a year of monthly points', () =>
    expect(ids(facts({ vaultRetentionDays: 0 }))).toEqual(['monthly-retention']));
  it('a Standard workload keeping 90 days of snapshots: move the older ones to the vault tier, with the saving', () => {
    const [r] = advise(
      facts({ tier: 'Standard', rpoTargetMs: 24 * HOUR, operationalRetentionDays: 90, vaultRetentionDays: 0 }),
      prices,
    ).recommendations;
    expect(r).toMatchObject({ id: 'snapshots-to-vault', severity: 'saving', monthlyCostDelta: -2 });
  });
  it('no recommendation without evidence: what is missing is said', () => {
    const a = advise(facts({ schedule: undefined, operationalRetentionDays: undefined, snapshotGb: undefined }), prices);
    expect(a.recommendations).toEqual([]);
    expect(a.monthlyCost).toBeUndefined();
    expect(a.missing).toEqual(['policy schedule', 'operational retention', 'backup sizes']);
  });
});
