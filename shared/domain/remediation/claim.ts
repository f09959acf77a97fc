// Exactly-once effect for re-runs under at-least-once, unordered Event Grid delivery. Each failed job gets one
// record (key = the failed job's id), claimed with a conditional write before anything is triggered:
//
//   handler A: read(none) ──create If-None-Match:* ✓──► claimed ──POST backup──► triggered(jobId) ──► finished
//   handler B: read(none) ──create If-None-Match:* ✗ (409) ──► re-read ──► busy / follow / done (no second POST)
//   A crashes after claiming: the claim expires; the next delivery re-claims with If-Match on the old ETag, but
//   first looks in Azure for an on-demand job started since the old claim (the POST may have gone through before
//   the crash) and adopts it instead of starting another.
//
// This module only decides; the caller does the conditional writes and treats a lost race as "re-read and decide again".

export type ClaimOutcome = 'rerun-succeeded' | 'rerun-failed' | 'skipped' | 'escalated';

export type ClaimRecord =
  | { readonly status: 'claimed'; readonly owner: string; readonly claimedAt: string; readonly expiresAt: string }
  | {
      readonly status: 'triggered';
      readonly owner: string;
      readonly claimedAt: string;
      readonly jobId: string;
      readonly triggeredAt: string;
    }
  | { readonly status: 'finished'; readonly outcome: ClaimOutcome; readonly reason: string; readonly at: string; readonly jobId?: string };

export type ClaimDecision =
  | { readonly kind: 'claim' }
  | { readonly kind: 'reclaim'; readonly since: Date }
  | { readonly kind: 'busy'; readonly until: Date }
  | { readonly kind: 'follow'; readonly jobId: string }
  | { readonly kind: 'done'; readonly outcome: ClaimOutcome };

export function decideClaim(record: ClaimRecord | undefined, now: Date): ClaimDecision {
  if (!record) return { kind: 'claim' };
  switch (record.status) {
    case 'finished':
      return { kind: 'done', outcome: record.outcome };
    case 'triggered':
      return { kind: 'follow', jobId: record.jobId };
    case 'claimed': {
      const expires = new Date(record.expiresAt);
      // An unreadable expiry is treated as expired: a stuck record must never block remediation forever.
      if (Number.isNaN(expires.getTime()) || expires.getTime() <= now.getTime())
        return { kind: 'reclaim', since: new Date(record.claimedAt) };
      return { kind: 'busy', until: expires };
    }
  }
}

export function newClaim(owner: string, now: Date, holdMs: number): ClaimRecord {
  return { status: 'claimed', owner, claimedAt: now.toISOString(), expiresAt: new Date(now.getTime() + holdMs).toISOString() };
}

export function markTriggered(claim: ClaimRecord, jobId: string, now: Date): ClaimRecord {
  if (claim.status !== 'claimed') throw new Error(`cannot mark a ${claim.status} record as triggered`);
  return { status: 'triggered', owner: claim.owner, claimedAt: claim.claimedAt, jobId, triggeredAt: now.toISOString() };
}

export function markFinished(outcome: ClaimOutcome, reason: string, now: Date, jobId?: string): ClaimRecord {
  return { status: 'finished', outcome, reason, at: now.toISOString(), ...(jobId ? { jobId } : {}) };
}
