import { describe, expect, it } from 'vitest';
import {
  enoughArtifacts,
  fileArtifacts,
  judgeArtifacts,
  parseNameTimestamp,
  parseVeleroBackup,
  veleroBackupName,
  veleroCandidates,
  type Artifact,
  type BlobItem,
} from '../../shared/domain/blobs/blobArtifacts.js';

const NOW = new Date('2026-11-21T12:00:00Z');
const hoursAgo = (h: number): Date => new Date(NOW.getTime() - h * 3_600_000);
const blob = (name: string, h = 1, size = 10): BlobItem => ({ name, size, lastModified: hoursAgo(h) });
const rules = { atRiskShare: 0.8 };
const DAY = 86_400_000;

describe('parseNameTimestamp', () => {
  it.each([
    ['20261121-020000', '2026-11-21T02:00:00.000Z'],
    ['20261121020000', '2026-11-21T02:00:00.000Z'],
    ['20261121', '2026-11-21T00:00:00.000Z'],
    ['202611210230', '2026-11-21T02:30:00.000Z'],
    ['2026-11-21_02-00-00', '2026-11-21T02:00:00.000Z'],
    ['2026-11-21T02:00:00Z', '2026-11-21T02:00:00.000Z'],
    ['2026-11-21T02:00:00.5Z', '2026-11-21T02:00:00.000Z'],
    ['2026-11-21T03:00:00+01:00', '2026-11-21T02:00:00.000Z'],
    ['2026-11-21T02-00', '2026-11-21T02:00:00.000Z'],
  ])('%s → %s (UTC unless a zone is given)', (text, iso) => expect(parseNameTimestamp(text)?.toISOString()).toBe(iso));

  it.each(['', 'latest', '2026-02-31', '20261321', '20261121-250000', '2026112', '1732154400'])('refuses %j', (text) =>
    expect(parseNameTimestamp(text)).toBeUndefined(),
  );
});

describe('Velero layout', () => {
  it.each([
    ['backups/daily-1/velero-backup.json', 'backups/', 'daily-1'],
    ['prod/backups/daily-1/velero-backup.json', 'prod/backups/', 'daily-1'],
    ['backups/daily-1/daily-1.tar.gz', 'backups/', undefined],
    ['backups/velero-backup.json', 'backups/', undefined],
    ['backups/a/b/velero-backup.json', 'backups/', undefined],
    ['restores/r-1/velero-backup.json', 'backups/', undefined],
  ])('%s under %s is backup %s', (name, prefix, expected) => expect(veleroBackupName(name, prefix)).toBe(expected));

  it('orders candidates newest first, by last-modified then name, and skips the other files', () => {
    const names = veleroCandidates(
      [
        blob('backups/a/velero-backup.json', 5),
        blob('backups/a/a.tar.gz', 0),
        blob('backups/c/velero-backup.json', 1),
        blob('backups/b/velero-backup.json', 1),
      ],
      'backups/',
    ).map((b) => b.name);
    expect(names).toEqual(['backups/c/velero-backup.json', 'backups/b/velero-backup.json', 'backups/a/velero-backup.json']);
  });

  const json = (status: object, name = 'daily-1'): string =>
    JSON.stringify({ kind: 'Backup', apiVersion: 'velero.io/v1', metadata: { name }, status });
  const file = blob('backups/daily-1/velero-backup.json', 1);
  it.each([
    [
      { phase: 'Completed', completionTimestamp: '2026-11-21T08:00:00Z', startTimestamp: '2026-11-21T07:50:00Z' },
      'Completed',
      '2026-11-21T08:00:00.000Z',
    ],
    [{ phase: 'Completed', startTimestamp: '2026-11-21T07:50:00Z' }, 'Completed', '2026-11-21T07:50:00.000Z'],
    [{ phase: 'Completed' }, 'Completed', hoursAgo(1).toISOString()],
    [{ phase: 'PartiallyFailed', completionTimestamp: '2026-11-21T10:00:00Z', errors: 2 }, 'PartiallyFailed', '2026-11-21T10:00:00.000Z'],
    [{ phase: 'Failed', completionTimestamp: '2026-11-21T10:00:00Z' }, 'Failed', '2026-11-21T10:00:00.000Z'],
    [{ phase: 'InProgress', startTimestamp: '2026-11-21T11:00:00Z' }, 'InProgress', '2026-11-21T11:00:00.000Z'],
  ])('reads status %j as %s at %s', (status, state, time) => {
    expect(parseVeleroBackup(json(status), file)).toEqual({ name: 'daily-1', state, time: new Date(time) });
  });
  it.each([
    ['{not json'],
    [JSON.stringify({ kind: 'Restore', status: { phase: 'Completed' } })],
    [JSON.stringify({ kind: 'Backup', status: {} })],
  ])('a file that is not a Backup object is unreadable, dated by the blob: %s', (text) =>
    expect(parseVeleroBackup(text, file)).toMatchObject({ name: 'daily-1', state: 'unreadable', time: hoursAgo(1) }),
  );

  it('stops reading once no unread file can hold a newer Completed backup, or at the cap', () => {
    const a = (state: string, h: number): Artifact => ({ name: state, time: hoursAgo(h), state });
    const next = (h: number): BlobItem => blob('backups/x/velero-backup.json', h);
    expect(enoughArtifacts([], next(1), 3)).toBe(false);
    expect(enoughArtifacts([a('PartiallyFailed', 1)], undefined, 3)).toBe(true); // nothing left to read
    expect(enoughArtifacts([a('PartiallyFailed', 1)], next(9), 3)).toBe(false); // no Completed yet
    expect(enoughArtifacts([a('Completed', 8)], next(9), 3)).toBe(true); // written before it completed: older
    // Written after it (a copied location, a late upload): it may hold a newer backup, so read on.
    expect(enoughArtifacts([a('Completed', 8)], next(0), 3)).toBe(false);
    expect(enoughArtifacts([a('Completed', 8)], next(8 - 1 / 60), 3)).toBe(false);
    expect(enoughArtifacts([a('Failed', 1), a('Failed', 2), a('Failed', 3)], next(4), 3)).toBe(true);
  });
});

describe('fileArtifacts', () => {
  it('dates by last-modified without a pattern; zero-byte files and folder markers do not count', () => {
    const found = fileArtifacts([blob('snapshots/', 9, 0), blob('snapshots/a.db', 3), blob('snapshots/b.db', 1, 0)], undefined);
    expect(found).toEqual([
      { name: 'snapshots/b.db', time: hoursAgo(1), state: 'empty' },
      { name: 'snapshots/a.db', time: hoursAgo(3), state: 'Completed' },
    ]);
  });

  it('filters by the pattern and dates by its (?<time>…) group; an undated name is unreadable', () => {
    const pattern = '^orders/orders-(?<time>[^.]+)\\.sql\\.gz$';
    const found = fileArtifacts(
      [blob('orders/orders-20261121-020000.sql.gz', 0), blob('orders/orders-latest.sql.gz', 0), blob('orders/README.txt', 0)],
      pattern,
    );
    expect(found).toEqual([
      { name: 'orders/orders-latest.sql.gz', time: hoursAgo(0), state: 'unreadable' },
      { name: 'orders/orders-20261121-020000.sql.gz', time: new Date('2026-11-21T02:00:00Z'), state: 'Completed' },
    ]);
  });
});

describe('judgeArtifacts', () => {
  const judge = (artifacts: Artifact[], targetMs = DAY) =>
    judgeArtifacts({ now: NOW, targetMs, rules, artifacts, where: 'velero/backups/' });
  const art = (name: string, h: number, state = 'Completed'): Artifact => ({ name, time: hoursAgo(h), state });

  it('judges the newest Completed backup with judgeRpo, naming it', () => {
    const j = judge([art('b-2', 2), art('b-30', 30)]);
    expect(j).toMatchObject({ verdict: 'ok', ageSeconds: 7200, artifact: 'b-2', latestRecoveryPoint: hoursAgo(2) });
    expect(j.reason).toBe('newest recovery point is PT2H old, within the P1D target (b-2)');
  });

  it.each([
    [20, 'at-risk'],
    [24, 'breached'],
    [30, 'breached'],
  ])('a Completed backup %i h old against a day is %s', (h, verdict) => expect(judge([art('b', h)]).verdict).toBe(verdict));

  it('a newer PartiallyFailed, Failed or empty backup is not fresh, and the reason says so', () => {
    const j = judge([art('pf', 1, 'PartiallyFailed'), art('f', 3, 'Failed'), art('ok', 26)]);
    expect(j).toMatchObject({ verdict: 'breached', artifact: 'ok', ageSeconds: 26 * 3600 });
    expect(j.reason).toContain('the newer backup pf is PartiallyFailed and does not count (and 1 more newer ones)');
    expect(judge([art('e', 1, 'empty'), art('ok', 2)]).reason).toContain('the newer backup e is empty (0 bytes) and does not count');
  });

  it('a backup dated in the future (clock skew) is not trusted, unless it is within a couple of minutes', () => {
    expect(judge([art('future', -2), art('old', 30)])).toMatchObject({ verdict: 'breached', artifact: 'old' });
    expect(judge([art('just-landed', -1 / 60), art('old', 30)])).toMatchObject({ verdict: 'ok', artifact: 'just-landed', ageSeconds: 0 });
  });

  it('nothing at all is unknown', () => {
    expect(judge([])).toEqual({
      verdict: 'unknown',
      reason: 'no backup found under velero/backups/',
      latestRecoveryPoint: null,
      ageSeconds: null,
      artifact: null,
    });
  });

  it('no Completed backup: breached once backups have failed for longer than the target, unknown before', () => {
    const failing = judge([art('pf', 2, 'PartiallyFailed'), art('f', 25, 'Failed')]);
    expect(failing.verdict).toBe('breached');
    expect(failing.reason).toBe(
      'no completed backup among the 2 newest under velero/backups/ (the newest, pf, is PartiallyFailed), and none completed for at least P1DT1H, over the P1D target',
    );
    const young = judge([art('pf', 2, 'PartiallyFailed')]);
    expect(young).toMatchObject({
      verdict: 'unknown',
      reason: 'no completed backup among the 1 newest under velero/backups/ (the newest, pf, is PartiallyFailed)',
    });
  });
});
