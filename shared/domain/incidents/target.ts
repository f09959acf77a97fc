// The subject's RPO target, for incidents of every kind: a job failing on a Critical (≤ 1 h) instance is as urgent as
// its RPO breach, but only RPO events carry a target. The RPO timer records each subject's target at every tick
// (rpo/history.json); an open RPO incident of the subject knows it too.
import type { NotifyBook } from './book.js';
import type { Signal } from './fromEvent.js';

/** Raise signals without a target get the subject's; one an event carries (an RPO event) is never replaced. */
export function withTarget(signals: readonly Signal[], target: string | null | undefined): Signal[] {
  if (target === undefined) return [...signals];
  return signals.map((s) =>
    s.action === 'raise' && s.facts.targetRpo === undefined ? { ...s, facts: { ...s.facts, targetRpo: target } } : s,
  );
}

/** The target the newest incident of the subject knows (open or recently resolved), if any does. */
export function knownTarget(book: NotifyBook, subject: string): string | null | undefined {
  const key = subject.toLowerCase();
  const known = book.incidents
    .filter((i) => i.subject.toLowerCase() === key && i.facts.targetRpo !== undefined)
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return known[0]?.facts.targetRpo;
}

/** Whether any raise signal still lacks a target (only then is the RPO history worth reading). */
export const needsTarget = (signals: readonly Signal[]): boolean =>
  signals.some((s) => s.action === 'raise' && s.facts.targetRpo === undefined);
