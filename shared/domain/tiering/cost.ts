// What a plan saves: bytes per tier before and after, priced per GB-month, minus the one-off cost of the requests
// that make the change. Prices are a setting (defaults: Azure's published pay-as-you-go list prices for LRS in one
// region, named in the README), because they differ by region, redundancy and agreement.
import { ACCESS_TIERS, type AccessTier } from './tiers.js';
import type { TierDecision } from './plan.js';

export interface PriceTable {
  readonly currency: string;
  /** Per GB-month stored. */
  readonly storage: Readonly<Record<AccessTier, number>>;
  /** Per 10,000 Set Blob Tier requests into each tier (write operations of the target tier). */
  readonly tierChange: Readonly<Record<AccessTier, number>>;
}

/**
 * East US, LRS, pay-as-you-go list prices (USD, block blobs, first 50 TB) as Azure's pricing page showed them when
 * this table was written; approximate by nature, so a deployment that wants exact figures sets TIERING_PRICES.
 */
export const DEFAULT_PRICES: PriceTable = {
  currency: 'USD',
  storage: { Hot: 0.0184, Cool: 0.01, Cold: 0.0036, Archive: 0.00099 },
  tierChange: { Hot: 0.05, Cool: 0.1, Cold: 0.18, Archive: 0.1 },
};

const GB = 1e9;

export interface TierTotals {
  readonly blobs: Record<AccessTier, number>;
  readonly bytes: Record<AccessTier, number>;
}

export interface PlanSummary {
  readonly before: TierTotals;
  readonly after: TierTotals;
  readonly changes: { readonly setTier: number; readonly delete: number; readonly kept: number };
  readonly deletedBytes: number;
}

const zero = (): Record<AccessTier, number> => ({ Hot: 0, Cool: 0, Cold: 0, Archive: 0 });

/** A running summary: add decisions as they stream by. */
export class PlanTally {
  private readonly before: TierTotals = { blobs: zero(), bytes: zero() };
  private readonly after: TierTotals = { blobs: zero(), bytes: zero() };
  private setTier = 0;
  private deleted = 0;
  private kept = 0;
  private deletedBytes = 0;
  private readonly into = zero();

  add(d: TierDecision): void {
    this.before.blobs[d.from] += 1;
    this.before.bytes[d.from] += d.size;
    if (d.action.kind === 'delete') {
      this.deleted += 1;
      this.deletedBytes += d.size;
      return;
    }
    const to = d.action.kind === 'set-tier' ? d.action.to : d.from;
    if (d.action.kind === 'set-tier') {
      this.setTier += 1;
      this.into[to] += 1;
    } else this.kept += 1;
    this.after.blobs[to] += 1;
    this.after.bytes[to] += d.size;
  }

  summary(): PlanSummary {
    return {
      before: this.before,
      after: this.after,
      changes: { setTier: this.setTier, delete: this.deleted, kept: this.kept },
      deletedBytes: this.deletedBytes,
    };
  }

  /** Monthly storage cost before and after, and the one-off cost of the tier changes. */
  cost(prices: PriceTable): {
    readonly monthlyBefore: number;
    readonly monthlyAfter: number;
    readonly monthlySaving: number;
    readonly oneOff: number;
  } {
    const monthly = (t: TierTotals): number => ACCESS_TIERS.reduce((sum, tier) => sum + (t.bytes[tier] / GB) * prices.storage[tier], 0);
    const monthlyBefore = round(monthly(this.before));
    const monthlyAfter = round(monthly(this.after));
    const oneOff = round(ACCESS_TIERS.reduce((sum, tier) => sum + (this.into[tier] / 10_000) * prices.tierChange[tier], 0));
    return { monthlyBefore, monthlyAfter, monthlySaving: round(monthlyBefore - monthlyAfter), oneOff };
  }
}

const round = (n: number): number => Math.round(n * 100) / 100;
