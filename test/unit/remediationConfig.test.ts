import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../shared/config/index.js';

const base = { AZURE_SUBSCRIPTION_IDS: '3f2c9a4e-5b7d-4e1a-9c3b-2d8e6f1a7b90' };

describe('remediation settings', () => {
  it('defaults: 3 re-runs a day, 15 min backoff doubling to 4 h, 10 min claims, schedules every 5/15 min', () => {
    const r = parseConfig(base).remediation;
    expect(r.budget).toEqual({ perDay: 3, backoffBaseMs: 900_000, maxBackoffMs: 14_400_000 });
    expect(r.claimExpiryMs).toBe(600_000);
    expect(r.jobWatch.schedule).toBe('0 */5 * * * *');
    expect(r.jobLogs).toMatchObject({
      schedule: '0 */15 * * * *',
      backupSuccessRate: 0.95,
      backupDurationMs: 1_800_000,
      restoreSuccessRate: 0.99,
    });
  });

  it.each([
    ['REMEDIATION_RERUNS_PER_DAY', '9', /REMEDIATION_RERUNS_PER_DAY: must be 1\.\.8/],
    ['REMEDIATION_RERUNS_PER_DAY', '0', /REMEDIATION_RERUNS_PER_DAY/],
    ['JOB_WATCH_SCHEDULE', 'every five minutes', /JOB_WATCH_SCHEDULE: must be an NCRONTAB/],
    ['RERUN_FOLLOW_TIMEOUT', 'soon', /RERUN_FOLLOW_TIMEOUT/],
    ['THRESHOLD_BACKUP_SUCCESS_RATE', '95', /THRESHOLD_BACKUP_SUCCESS_RATE/],
  ])('%s=%s is refused, naming the setting', (name, value, message) => {
    expect(() => parseConfig({ ...base, [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ ...base, [name]: value })).toThrow(message);
  });

  it('accepts the maximum budget of 8', () =>
    expect(parseConfig({ ...base, REMEDIATION_RERUNS_PER_DAY: '8' }).remediation.budget.perDay).toBe(8));
});
