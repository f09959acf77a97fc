// The per-instance re-run ledger in blob state: the budget is decided and reserved in one conditional write, so two
// handlers re-running two failures of one instance at once can never spend more than the day's budget between them.
import { decideRerun, startOfUtcDay, type BudgetDecision, type BudgetPolicy } from '../../domain/remediation/budget.js';
import {
  ledgerKey,
  openReservation,
  parseLedger,
  pruneLedger,
  updateEntry,
  type Ledger,
  type LedgerEntry,
} from '../../domain/remediation/record.js';
import { ConcurrencyError, type StateStore } from '../ports.js';

const ROUNDS = 5;

export type Reservation = BudgetDecision;

export class RerunLedger {
  /**
   * The last version of each ledger this process wrote, with its ETag: the settle that follows a reserve writes
   * against it directly instead of reading again. Never trusted blindly: a stale ETag fails the write, which re-reads.
   */
  private readonly written = new Map<string, { readonly ledger: Ledger; readonly etag: string }>();

  constructor(
    private readonly store: StateStore,
    private readonly policy: BudgetPolicy,
  ) {}

  /** Re-runs of the instance counted today (reserved, started or of unknown fate). */
  async usedToday(instanceId: string, now: Date): Promise<number> {
    const doc = await this.store.read(ledgerKey(instanceId));
    return today(parseLedger(doc?.value), now).length;
  }

  /** Re-run jobs started for other failures of the instance (not to be adopted for this one). */
  async othersRerunJobIds(instanceId: string, failedJob: string): Promise<Set<string>> {
    const doc = await this.store.read(ledgerKey(instanceId));
    const others = parseLedger(doc?.value).entries.filter((e) => e.failedJob !== failedJob);
    return new Set(others.flatMap((e) => (e.rerunJobId ? [e.rerunJobId.toLowerCase()] : [])));
  }

  /**
   * Reserves one re-run for `failedJob`, or reuses the reservation an earlier, crashed attempt left for it (so a
   * recovery never counts twice). `allowed` means the reservation is written.
   */
  async reserve(instanceId: string, failedJob: string, now: Date): Promise<Reservation> {
    for (let round = 1; ; round++) {
      const doc = await this.store.read(ledgerKey(instanceId));
      const ledger = pruneLedger(parseLedger(doc?.value), now);
      const open = openReservation(ledger, failedJob);
      if (open) return { kind: 'allowed', attempt: today(ledger, now).indexOf(open) + 1 || today(ledger, now).length };
      const decision = decideRerun(
        today(ledger, now).map((e) => new Date(e.at)),
        now,
        this.policy,
      );
      if (decision.kind !== 'allowed') return decision;
      const next: Ledger = { entries: [...ledger.entries, { failedJob, at: now.toISOString(), state: 'reserved' }] };
      try {
        const etag = doc
          ? await this.store.replace(ledgerKey(instanceId), next, doc.etag)
          : await this.store.create(ledgerKey(instanceId), next);
        this.written.set(instanceId.toLowerCase(), { ledger: next, etag });
        return decision;
      } catch (e) {
        if (!(e instanceof ConcurrencyError) || round >= ROUNDS) throw e;
      }
    }
  }

  /** Records what became of the reservation (null: Azure refused, so nothing ran and it is given back). */
  async settle(instanceId: string, failedJob: string, change: Partial<LedgerEntry> | null): Promise<void> {
    const cached = this.written.get(instanceId.toLowerCase());
    this.written.delete(instanceId.toLowerCase());
    const fromCache = cached && updateEntry(cached.ledger, failedJob, change);
    if (cached && fromCache && fromCache !== cached.ledger) {
      try {
        await this.store.replace(ledgerKey(instanceId), fromCache, cached.etag);
        return;
      } catch (e) {
        if (!(e instanceof ConcurrencyError)) throw e;
      }
    }
    for (let round = 1; ; round++) {
      const doc = await this.store.read(ledgerKey(instanceId));
      if (!doc) return;
      const before = parseLedger(doc.value);
      const next = updateEntry(before, failedJob, change);
      if (next === before) return;
      try {
        await this.store.replace(ledgerKey(instanceId), next, doc.etag);
        return;
      } catch (e) {
        if (!(e instanceof ConcurrencyError) || round >= ROUNDS) throw e;
      }
    }
  }
}

function today(ledger: Ledger, now: Date): LedgerEntry[] {
  const start = startOfUtcDay(now).getTime();
  return ledger.entries.filter((e) => Date.parse(e.at) >= start && Date.parse(e.at) <= now.getTime());
}
