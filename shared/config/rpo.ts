// Settings of the RPO check: where targets come from (tags, tiers, policy schedule, default), verdict thresholds, and
// how close to its target an instance must be before the fleet check reads its recovery points to confirm.
import { z } from 'zod';
import { DEFAULT_TIERS_TEXT, parseTierTable, type TierTable } from '../domain/rpo/tiers.js';
import { duration } from './fields.js';

/** Azure tag names: 1-512 characters, none of < > % & \ ? / */
const tagName = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine((v) => v.length > 0 && v.length <= 512 && !/[<>%&\\?/]/.test(v), { message: 'must be an Azure tag name (no < > % & \\ ? /)' });

const tiers = z
  .string()
  .trim()
  .default(DEFAULT_TIERS_TEXT)
  .transform((v, ctx): TierTable => {
    const parsed = parseTierTable(v);
    if ('error' in parsed) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed.table;
  });

export const rpoShape = {
  RPO_SCHEDULE_GRACE: duration('PT1H'),
  RPO_DEFAULT_TARGET: duration('P1D'),
  RPO_AT_RISK_SHARE: z.coerce.number().gt(0).lt(1).default(0.8),
  RPO_TAG_NAME: tagName('rpo'),
  RPO_TIER_TAG_NAME: tagName('backup-tier'),
  RPO_TIERS: tiers,
  RPO_CONFIRM_MARGIN: duration('PT15M'),
  // GET /api/rpo: identical questions within this many seconds share one check (0: only concurrent ones do).
  RPO_HTTP_CACHE_SECONDS: z.coerce.number().int().min(0).max(600).default(30),
};

type Raw = { [K in keyof typeof rpoShape]: z.output<(typeof rpoShape)[K]> };

export function rpoSection(s: Raw) {
  return {
    graceMs: s.RPO_SCHEDULE_GRACE,
    defaultTargetMs: s.RPO_DEFAULT_TARGET,
    atRiskShare: s.RPO_AT_RISK_SHARE,
    rpoTagName: s.RPO_TAG_NAME,
    tierTagName: s.RPO_TIER_TAG_NAME,
    tiers: s.RPO_TIERS,
    confirmMarginMs: s.RPO_CONFIRM_MARGIN,
    httpReuseMs: s.RPO_HTTP_CACHE_SECONDS * 1000,
  } as const;
}
