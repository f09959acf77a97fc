import { describe, expect, it } from 'vitest';
import { resolveTarget, tagValue, targetFromPolicy, type ScheduleFact, type TargetRules } from '../../shared/domain/rpo/rpoTarget.js';
import { DEFAULT_TIERS, parseTierTable } from '../../shared/domain/rpo/tiers.js';

const H = 3_600_000;
const rules: TargetRules = { graceMs: H, defaultTargetMs: 24 * H, rpoTagName: 'rpo', tierTagName: 'backup-tier', tiers: DEFAULT_TIERS };
const every4h: ScheduleFact = { ruleName: 'BackupHourly', repeatingTimeIntervals: ['R/2026-01-01T02:00:00+00:00/PT4H'] };

describe('resolveTarget: most specific source first', () => {
  it.each([
    // label, instance tags, cluster tags, schedule, expected ms, source, detail
    ['instance rpo tag', { rpo: 'PT2H' }, { 'backup-tier': 'Critical' }, every4h, 2 * H, 'instance-tag', 'instance tag rpo=PT2H'],
    [
      'instance tier tag',
      { 'backup-tier': 'Production' },
      { rpo: 'PT10M' },
      every4h,
      H,
      'instance-tag',
      'instance tag backup-tier=Production (PT1H)',
    ],
    [
      'rpo beats tier on the same resource',
      { rpo: 'PT3H', 'backup-tier': 'Critical' },
      {},
      every4h,
      3 * H,
      'instance-tag',
      'instance tag rpo=PT3H',
    ],
    ['cluster rpo tag', {}, { rpo: 'P2D' }, every4h, 48 * H, 'cluster-tag', 'cluster tag rpo=P2D'],
    [
      'cluster tier tag',
      { owner: 'x' },
      { 'backup-tier': 'Critical' },
      every4h,
      0.25 * H,
      'cluster-tag',
      'cluster tag backup-tier=Critical (PT15M)',
    ],
    ['Standard tier', {}, { 'backup-tier': 'Standard' }, every4h, 24 * H, 'cluster-tag', 'cluster tag backup-tier=Standard (P1D)'],
    ['policy schedule', {}, {}, every4h, 5 * H, 'policy-schedule', 'BackupHourly every PT4H + PT1H grace'],
    ['no tags at all', undefined, undefined, every4h, 5 * H, 'policy-schedule', 'BackupHourly every PT4H + PT1H grace'],
    ['default', {}, {}, undefined, 24 * H, 'default', 'default target (policy has no backup schedule)'],
  ] as const)('%s', (_label, instanceTags, clusterTags, schedule, ms, source, detail) => {
    expect(resolveTarget({ instanceTags, clusterTags, schedule }, rules)).toEqual({ ms, source, detail });
  });

  it.each([
    ['instance', { 'backup-tier': 'Development' }, {}, 'instance-tag', 'instance tag backup-tier=Development'],
    ['cluster', {}, { 'backup-tier': 'development' }, 'cluster-tag', 'cluster tag backup-tier=Development'],
  ] as const)('gives no target for a Development tag on the %s', (_where, instanceTags, clusterTags, source, detail) =>
    expect(resolveTarget({ instanceTags, clusterTags, schedule: every4h }, rules)).toEqual({ ms: null, source, detail }),
  );

  it('matches tag names and tier values case-insensitively, and trims values', () => {
    expect(resolveTarget({ instanceTags: { RPO: ' PT30M ' } }, rules)).toMatchObject({ ms: 0.5 * H, source: 'instance-tag' });
    expect(resolveTarget({ clusterTags: { 'Backup-Tier': 'CRITICAL' } }, rules)).toMatchObject({ ms: 0.25 * H, source: 'cluster-tag' });
  });

  it('uses the configured tag names and tier table', () => {
    const table = parseTierTable('Gold=PT30M,Bronze=P7D');
    if (!('table' in table)) throw new Error(table.error);
    const custom: TargetRules = { ...rules, rpoTagName: 'backup-rpo', tierTagName: 'tier', tiers: table.table };
    expect(resolveTarget({ instanceTags: { rpo: 'PT1M', 'backup-rpo': 'PT6H' } }, custom)).toMatchObject({ ms: 6 * H });
    expect(resolveTarget({ clusterTags: { tier: 'bronze' } }, custom)).toMatchObject({ ms: 7 * 24 * H, source: 'cluster-tag' });
    expect(resolveTarget({ clusterTags: { 'backup-tier': 'Critical' }, schedule: every4h }, custom)).toMatchObject({
      source: 'policy-schedule',
    });
  });
});

describe('resolveTarget: a malformed tag falls through and says so', () => {
  it.each([
    ['not a duration', { rpo: '4 hours' }, {}, 'policy-schedule', 'instance tag rpo="4 hours" is not a positive ISO 8601 duration'],
    ['zero', { rpo: 'PT0S' }, {}, 'policy-schedule', 'instance tag rpo="PT0S"'],
    ['months have no fixed length', { rpo: 'P1M' }, {}, 'policy-schedule', 'instance tag rpo="P1M"'],
    ['empty', { rpo: '' }, {}, 'policy-schedule', 'instance tag rpo=""'],
    ['unknown tier', { 'backup-tier': 'Gold' }, {}, 'policy-schedule', 'instance tag backup-tier="Gold" is not a tier: Critical (PT15M)'],
    ['bad instance tag, good cluster tag', { rpo: 'soon' }, { 'backup-tier': 'Production' }, 'cluster-tag', 'instance tag rpo="soon"'],
    ['bad cluster tag', {}, { 'backup-tier': 'Platinum' }, 'policy-schedule', 'cluster tag backup-tier="Platinum"'],
  ] as const)('%s', (_label, instanceTags, clusterTags, source, ignored) => {
    const t = resolveTarget({ instanceTags, clusterTags, schedule: every4h }, rules);
    expect(t.source).toBe(source);
    expect(t.detail).toContain('; ignored: ');
    expect(t.detail).toContain(ignored);
  });

  it('keeps a bad rpo tag from hiding a good tier tag on the same resource', () =>
    expect(resolveTarget({ instanceTags: { rpo: 'x', 'backup-tier': 'Critical' } }, rules)).toMatchObject({
      ms: 0.25 * H,
      source: 'instance-tag',
      detail: expect.stringContaining('ignored: instance tag rpo="x"') as unknown,
    }));

  it('mentions unreadable cluster tags only when they mattered', () => {
    expect(resolveTarget({ clusterTagsError: '403 AuthorizationFailed', schedule: every4h }, rules).detail).toContain(
      'cluster tags could not be read: 403 AuthorizationFailed',
    );
    expect(resolveTarget({ instanceTags: { rpo: 'PT1H' }, clusterTagsError: '403' }, rules).detail).toBe('instance tag rpo=PT1H');
  });

  it('says why the default applies when the policy could not be read', () =>
    expect(resolveTarget({ scheduleError: 'policy p could not be read (403 AuthorizationFailed)' }, rules)).toEqual({
      ms: 24 * H,
      source: 'default',
      detail: 'default target (policy p could not be read (403 AuthorizationFailed))',
    }));
});

describe('targetFromPolicy', () => {
  it('uses the longest gap of several intervals', () =>
    expect(
      targetFromPolicy(
        { ruleName: 'BackupHourly', repeatingTimeIntervals: ['R/2026-01-01T02:00:00+00:00/P1D', 'R/2026-01-01T14:00:00+00:00/P1D'] },
        H,
        24 * H,
      ),
    ).toMatchObject({ ms: 13 * H, source: 'policy-schedule' }));
  it('falls back to the default for an unreadable schedule', () =>
    expect(targetFromPolicy({ ruleName: 'BackupHourly', repeatingTimeIntervals: ['every 4 hours'] }, H, 24 * H)).toEqual({
      ms: 24 * H,
      source: 'default',
      detail: 'default target (schedule every 4 hours could not be read)',
    }));
});

describe('tagValue', () => {
  it('finds a tag whatever its casing', () => expect(tagValue({ Backup_Tier: 'a' }, 'backup_tier')).toBe('a'));
  it('is undefined without tags', () => expect(tagValue(undefined, 'rpo')).toBeUndefined());
});
