// Settings of the remediation feature (filled in with it).
import type { z } from 'zod';

export const remediationShape = {};

type Raw = { [K in keyof typeof remediationShape]: z.output<(typeof remediationShape)[K]> };

export function remediationSection(_s: Raw) {
  return {} as const;
}
