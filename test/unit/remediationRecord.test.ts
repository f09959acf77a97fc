import { describe, expect, it } from 'vitest';
import { newClaim } from '../../shared/domain/remediation/claim.js';
import {
  jobKey,
  ledgerKey,
  openReservation,
  parseLedger,
  parseRecord,
  pruneLedger,
  recordKey,
  updateEntry,
  type Ledger,
} from '../../shared/domain/remediation/record.js';

const JOB = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v/backupJobs/ABC-123';

describe('remediation records', () => {
  it('one key per job whichever detector names it (ARM id or bare GUID, any case)', () => {
    expect(jobKey(JOB)).toBe('abc-123');
    expect(jobKey('abc-123')).toBe('abc-123');
    expect(recordKey(JOB)).toBe(recordKey('ABC-123'));
    expect(ledgerKey('/subscriptions/s/x')).toBe('remediation/budgets//subscriptions/s/x');
  });

  it('parses only records it understands', () => {
    const claim = newClaim('me', new Date('2026-11-21T10:00:00Z'), 60_000);
    expect(parseRecord({ failure: { instanceId: 'i', jobId: JOB }, claim })).toBeDefined();
    expect(parseRecord({ failure: { instanceId: 'i', jobId: JOB }, claim: { status: 'odd' } })).toBeUndefined();
    expect(parseRecord('nonsense')).toBeUndefined();
    expect(parseLedger(null)).toEqual({ entries: [] });
  });

  it('ledger: a crashed reservation is found again; settling changes only the entry not yet started', () => {
    const ledger: Ledger = {
      entries: [
        { failedJob: 'a', at: '2026-11-21T01:00:00Z', state: 'started', rerunJobId: 'r1' },
        { failedJob: 'b', at: '2026-11-21T02:00:00Z', state: 'reserved' },
      ],
    };
    expect(openReservation(ledger, 'b')?.at).toBe('2026-11-21T02:00:00Z');
    expect(openReservation(ledger, 'a')).toBeUndefined();
    expect(updateEntry(ledger, 'b', { state: 'started', rerunJobId: 'r2' }).entries[1]).toMatchObject({
      state: 'started',
      rerunJobId: 'r2',
    });
    expect(updateEntry(ledger, 'b', null).entries).toHaveLength(1);
    expect(updateEntry(ledger, 'a', null)).toBe(ledger);
  });

  it('ledger: keeps today and yesterday only', () => {
    const ledger: Ledger = {
      entries: [
        { failedJob: 'old', at: '2026-11-19T23:00:00Z', state: 'started' },
        { failedJob: 'y', at: '2026-11-20T05:00:00Z', state: 'started' },
      ],
    };
    expect(pruneLedger(ledger, new Date('2026-11-21T08:00:00Z')).entries.map((e) => e.failedJob)).toEqual(['y']);
  });
});
