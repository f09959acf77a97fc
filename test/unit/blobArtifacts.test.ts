import { describe, expect, it } from 'vitest';
import {
  enoughArtifacts,
  fileArtifacts,
  judgeArtifacts,
  parseNameTimestamp,
  parseVeleroBackup,
  veleroBackupName,
  veleroCandidates,
  CLOCK_SKEW_TOLERANCE_MS,
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

// At the edges: time stamps in CronJob file names (zones, fractions, impossible times), which blobs are Velero's, an
// odd velero-backup.json, and the verdict's boundaries (clock skew, the target, the newer backups that do not count).
describe('time stamps in file names', () => {
  it.each([
    ['  2026-11-21T02:00:00Z\t', '2026-11-21T02:00:00.000Z'],
    ['2026-11-21T02:00:00.123456Z', '2026-11-21T02:00:00.000Z'],
    ['2026-11-21_02-00-00.5', '2026-11-21T02:00:00.000Z'],
    ['2026-11-21T03:00+01:00', '2026-11-21T02:00:00.000Z'],
    ['2026-11-21T03:00:00+0100', '2026-11-21T02:00:00.000Z'],
    ['2026-11-21T07:30:00+05:30', '2026-11-21T02:00:00.000Z'],
    ['2026-11-21T01:00:00-01:00', '2026-11-21T02:00:00.000Z'],
    ['2026-11-20T21:15:00-04:45', '2026-11-21T02:00:00.000Z'],
    ['2026-11-21t02:00:00z', '2026-11-21T02:00:00.000Z'],
    ['2026-11-21 23:59:59', '2026-11-21T23:59:59.000Z'],
    ['20261121-235959', '2026-11-21T23:59:59.000Z'],
  ])('%j → %s', (text, iso) => expect(parseNameTimestamp(text)?.toISOString()).toBe(iso));

  it.each([
    ['a minute past the hour’s end', '2026-11-21T02:60:00Z'],
    ['a second past the minute’s end', '2026-11-21T02:00:60Z'],
    ['a minute past the hour’s end, digits only', '20261121-026000'],
    ['text before the date', 'v2026-11-21T02:00:00Z'],
    ['text after the date', '2026-11-21T02:00:00Z.gz'],
    ['letters before the digits', 'v20261121'],
    ['too many digits', '202611210200001'],
  ])('refuses %s (%j)', (_what, text) => expect(parseNameTimestamp(text)).toBeUndefined());
});

describe('which blobs are Velero backups', () => {
  it.each([
    ['another location with a prefix of the same length', 'test/backups/daily-1/velero-backup.json', 'prod/backups/'],
    ['a file below the backup file', 'backups/daily-1/velero-backup.json/extra', 'backups/'],
    ['an empty backup name', 'backups//velero-backup.json', 'backups/'],
  ])('not %s', (_what, name, prefix) => expect(veleroBackupName(name, prefix)).toBeUndefined());

  it('orders candidates written at the same instant by name, newest name first, whatever the listing order', () => {
    const names = veleroCandidates([blob('backups/b/velero-backup.json', 1), blob('backups/c/velero-backup.json', 1)], 'backups/').map(
      (b) => b.name,
    );
    expect(names).toEqual(['backups/c/velero-backup.json', 'backups/b/velero-backup.json']);
  });

  const file = blob('backups/daily-1/velero-backup.json', 1);
  it.each([
    ['null', 'null'],
    ['a list', '[]'],
    ['a status that is null', JSON.stringify({ kind: 'Backup', status: null })],
  ])('a file holding %s is unreadable', (_what, text) =>
    expect(parseVeleroBackup(text, file)).toEqual({ name: 'daily-1', time: hoursAgo(1), state: 'unreadable' }),
  );

  it('names the backup by metadata.name, by its folder when that is missing or not text', () => {
    const doc = (metadata: unknown) => JSON.stringify({ kind: 'Backup', metadata, status: { phase: 'Completed' } });
    expect(parseVeleroBackup(doc({ name: 'nightly-20261121' }), file).name).toBe('nightly-20261121');
    expect(parseVeleroBackup(doc({ name: 42 }), file).name).toBe('daily-1');
    expect(parseVeleroBackup(doc(null), file).name).toBe('daily-1');
  });

  it.each([
    // A bare year would read as a date if taken as text.
    ['not text', 2026],
    ['not a date', 'yesterday'],
  ])('a completion time that is %s falls back to the start time', (_what, completionTimestamp) => {
    const text = JSON.stringify({
      kind: 'Backup',
      status: { phase: 'Completed', completionTimestamp, startTimestamp: '2026-11-21T07:50:00Z' },
    });
    expect(parseVeleroBackup(text, file).time).toEqual(new Date('2026-11-21T07:50:00Z'));
  });
});

describe('reading Velero files only as far as needed', () => {
  const a = (state: string, h: number): Artifact => ({ name: `${state}-${h}`, time: hoursAgo(h), state });
  const next = (lastModified: Date): BlobItem => ({ name: 'backups/x/velero-backup.json', size: 10, lastModified });

  it('stops once the next file was written before the newest Completed backup, beyond the clock-skew tolerance', () => {
    const newest = hoursAgo(8).getTime();
    expect(enoughArtifacts([a('Completed', 8)], next(new Date(newest - CLOCK_SKEW_TOLERANCE_MS - 1)), 10)).toBe(true);
    expect(enoughArtifacts([a('Completed', 8)], next(new Date(newest - CLOCK_SKEW_TOLERANCE_MS)), 10)).toBe(false);
  });

  it('measures from the newest Completed backup read, not the oldest', () => {
    expect(enoughArtifacts([a('Completed', 20), a('Completed', 8)], next(hoursAgo(10)), 10)).toBe(true);
  });
});

describe('file artifacts', () => {
  it('dates by last-modified when the pattern has no time group', () => {
    expect(fileArtifacts([blob('snapshots/a.db', 3), blob('other/b.db', 1)], '^snapshots/.*\\.db$')).toEqual([
      { name: 'snapshots/a.db', time: hoursAgo(3), state: 'Completed' },
    ]);
  });

  it('orders files of the same instant by name, newest name first', () => {
    expect(fileArtifacts([blob('s/a.db', 2), blob('s/b.db', 2)], undefined).map((f) => f.name)).toEqual(['s/b.db', 's/a.db']);
  });
});

describe('the verdict of a blob source at its edges', () => {
  const judge = (artifacts: Artifact[], targetMs = DAY) =>
    judgeArtifacts({ now: NOW, targetMs, rules: { atRiskShare: 0.8 }, artifacts, where: 'velero/backups/' });
  const art = (name: string, at: Date, state = 'Completed'): Artifact => ({ name, time: at, state });
  const ahead = (ms: number) => new Date(NOW.getTime() + ms);

  it('a backup exactly the tolerance ahead counts as landed now; a millisecond more is not trusted', () => {
    expect(judge([art('edge', ahead(CLOCK_SKEW_TOLERANCE_MS))])).toMatchObject({ verdict: 'ok', ageSeconds: 0, artifact: 'edge' });
    expect(judge([art('beyond', ahead(CLOCK_SKEW_TOLERANCE_MS + 1))]).artifact).toBeNull();
  });

  it('takes the artifacts in any order', () => {
    const j = judge([art('old', hoursAgo(30)), art('pf', hoursAgo(1), 'PartiallyFailed'), art('new', hoursAgo(2))]);
    expect(j).toMatchObject({ verdict: 'ok', artifact: 'new' });
    expect(j.reason).toBe(
      'newest recovery point is PT2H old, within the P1D target (new); the newer backup pf is PartiallyFailed and does not count',
    );
  });

  it('without a Completed backup, names the newest and measures from the oldest, in whatever order they come', () => {
    const j = judge([art('f', hoursAgo(25), 'Failed'), art('pf', hoursAgo(2), 'PartiallyFailed')]);
    expect(j.reason).toBe(
      'no completed backup among the 2 newest under velero/backups/ (the newest, pf, is PartiallyFailed), and none completed for at least P1DT1H, over the P1D target',
    );
  });

  it('names the Completed backup, not a failed one stamped at the same instant', () => {
    expect(judge([art('a-ok', hoursAgo(2)), art('z-failed', hoursAgo(2), 'Failed')])).toMatchObject({
      artifact: 'a-ok',
      reason: 'newest recovery point is PT2H old, within the P1D target (a-ok)',
    });
  });

  it('names as newer only what is newer than the counted backup and not in the future', () => {
    const j = judge([
      art('ok', hoursAgo(2)),
      art('older-failed', hoursAgo(3), 'Failed'),
      art('same-instant', hoursAgo(2), 'Failed'),
      art('future', ahead(3_600_000), 'Failed'),
      art('landing', ahead(60_000), 'InProgress'),
    ]);
    expect(j.reason).toBe(
      'newest recovery point is PT2H old, within the P1D target (ok); the newer backup landing is InProgress and does not count',
    );
  });

  it('with no Completed backup: breached once the oldest is exactly the target old, and says an undated file is unreadable', () => {
    const j = judge([art('u', hoursAgo(1), 'unreadable'), art('f', hoursAgo(24), 'Failed')]);
    expect(j.verdict).toBe('breached');
    expect(j.reason).toBe(
      'no completed backup among the 2 newest under velero/backups/ (the newest, u, is unreadable or undated), and none completed for at least P1D, over the P1D target',
    );
    expect(judge([art('f', new Date(hoursAgo(24).getTime() + 1), 'Failed')]).verdict).toBe('unknown');
  });
});
