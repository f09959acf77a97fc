// Settings of the RPO check (target derivation and verdict thresholds).
import { z } from 'zod';
import { duration } from './fields.js';

export const rpoShape = {
  RPO_SCHEDULE_GRACE: duration('PT1H'),
  RPO_DEFAULT_TARGET: duration('P1D'),
  RPO_AT_RISK_SHARE: z.coerce.number().gt(0).lt(1).default(0.8),
};

type Raw = { [K in keyof typeof rpoShape]: z.output<(typeof rpoShape)[K]> };

export function rpoSection(s: Raw) {
  return { graceMs: s.RPO_SCHEDULE_GRACE, defaultTargetMs: s.RPO_DEFAULT_TARGET, atRiskShare: s.RPO_AT_RISK_SHARE } as const;
}
