import { describe, expect, it } from 'vitest';
import { DEFAULT_RTO_TIERS, judgeRto, resolveRto, type RtoRules } from '../../../shared/domain/drill/rto.js';

const HOUR = 3_600_000;
const rules: RtoRules = { rtoTagName: 'rto', tierTagName: 'backup-tier', tiers: DEFAULT_RTO_TIERS, defaultMs: 24 * HOUR };

describe('RTO targets (the seeds: Critical < 1 h, Production < 4 h, Standard < 24 h, Development best effort)', () => {
  it.each([
    ['Critical', HOUR],
    ['Production', 4 * HOUR],
    ['Standard', 24 * HOUR],
    ['Development', null],
  ])('%s → %s', (tier, ms) => expect(resolveRto({ 'backup-tier': tier }, undefined, rules).ms).toBe(ms));
  it('an rto duration beats a tier, the instance beats its cluster', () => {
    expect(resolveRto({ rto: 'PT2H', 'backup-tier': 'Critical' }, undefined, rules)).toMatchObject({
      ms: 2 * HOUR,
      source: 'instance-tag',
    });
    expect(resolveRto({ 'backup-tier': 'Production' }, { rto: 'PT30M' }, rules)).toMatchObject({ ms: 4 * HOUR, source: 'instance-tag' });
    expect(resolveRto(undefined, { 'Backup-Tier': 'critical' }, rules)).toMatchObject({ ms: HOUR, source: 'cluster-tag' });
  });
  it('a mistyped tag falls through to the next rule and is named', () => {
    const t = resolveRto({ rto: 'two hours', 'backup-tier': 'Gold' }, undefined, rules);
    expect(t).toMatchObject({ ms: 24 * HOUR, source: 'default' });
    expect(t.detail).toContain('"two hours"');
    expect(t.detail).toContain('"Gold"');
  });
  it('judges RTO against the target, inclusive; best effort is never judged', () => {
    expect(judgeRto(HOUR, { ms: HOUR, source: 'default', detail: '' })).toBe('met');
    expect(judgeRto(HOUR + 1, { ms: HOUR, source: 'default', detail: '' })).toBe('exceeded');
    expect(judgeRto(99 * HOUR, { ms: null, source: 'default', detail: '' })).toBe('not-judged');
  });
});
