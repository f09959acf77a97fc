// One finding of readiness or posture: what is wrong, why it matters, and the one change that clears it, in words
// and as the `az` command. A fact that could not be read is a finding of its own ("unknown"), never a pass: an
// empty answer is not proof that all is well.
export type FindingSeverity = 'critical' | 'error' | 'warning' | 'unknown';

export interface Finding {
  readonly check: string;
  readonly severity: FindingSeverity;
  readonly what: string;
  readonly why: string;
  readonly fix: string;
  /** The az CLI command that applies the fix, with the resource's own names filled in. */
  readonly az?: string;
}

export const SEVERITY_ORDER: readonly FindingSeverity[] = ['critical', 'error', 'warning', 'unknown'];

export function worst(findings: readonly Finding[]): FindingSeverity | undefined {
  return SEVERITY_ORDER.find((s) => findings.some((f) => f.severity === s));
}

export function unknownFact(check: string, what: string, error: string): Finding {
  return {
    check,
    severity: 'unknown',
    what: `${what} could not be read: ${error}`,
    why: 'a check that cannot read its facts cannot say the cluster is ready',
    fix: 'give the app Reader on the resource (see infra/README.md) and let the next tick read it',
  };
}
