import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../shared/config/index.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const problems = (env: Record<string, string>): string[] => {
  try {
    parseConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  return [];
};

describe('parseConfig', () => {
  it('applies public-cloud defaults', () => {
    const c = parseConfig({ AZURE_SUBSCRIPTION_IDS: SUB });
    expect(c.arm).toEqual({
      endpoint: 'https://management.azure.com',
      scope: 'https://management.azure.com/.default',
      dataProtectionApiVersion: '2026-03-01',
    });
    expect(c.logAnalytics.endpoint).toBe('https://api.loganalytics.io/v1');
    expect(c.logAnalytics.scope).toBe('https://api.loganalytics.io/.default');
    expect(c.rpo).toMatchObject({ graceMs: 3_600_000, defaultTargetMs: 86_400_000, atRiskShare: 0.8 });
    expect(c.auth.mode).toBe('default');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads lists, endpoints and durations', () => {
    const c = parseConfig({
      AZURE_SUBSCRIPTION_IDS: `${SUB}, 22222222-2222-2222-2222-222222222222`,
      ARM_ENDPOINT: 'https://127.0.0.1:8443/',
      RPO_SCHEDULE_GRACE: 'PT30M',
      HTTP_MAX_RETRIES: '2',
    });
    expect(c.subscriptionIds).toHaveLength(2);
    expect(c.arm.endpoint).toBe('https://127.0.0.1:8443');
    expect(c.rpo.graceMs).toBe(1_800_000);
    expect(c.http.maxRetries).toBe(2);
  });

  it('names the missing subscription setting', () => expect(problems({})[0]).toMatch(/^AZURE_SUBSCRIPTION_IDS: /));
  it('treats blank values as missing', () => expect(problems({ AZURE_SUBSCRIPTION_IDS: '  ' })[0]).toMatch(/^AZURE_SUBSCRIPTION_IDS/));
  it('names every bad setting at once', () => {
    const p = problems({
      AZURE_SUBSCRIPTION_IDS: 'not-a-guid',
      ARM_ENDPOINT: 'http://example.com',
      RPO_SCHEDULE_GRACE: 'P1M',
      RPO_AT_RISK_SHARE: '1.5',
      AZURE_AUTH_MODE: 'magic',
    });
    expect(p.map((x) => x.split(':')[0]).sort()).toEqual([
      'ARM_ENDPOINT',
      'AZURE_AUTH_MODE',
      'AZURE_SUBSCRIPTION_IDS',
      'RPO_AT_RISK_SHARE',
      'RPO_SCHEDULE_GRACE',
    ]);
  });
  it('allows plain http only on loopback', () => {
    // (the loopback sink must also be on the webhook allow-list: see test/unit/notifyConfig.test.ts)
    expect(
      problems({ AZURE_SUBSCRIPTION_IDS: SUB, TEAMS_WEBHOOK_URL: 'http://127.0.0.1:9/x', TEAMS_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }),
    ).toEqual([]);
    expect(problems({ AZURE_SUBSCRIPTION_IDS: SUB, TEAMS_WEBHOOK_URL: 'http://teams.example/x' })[0]).toMatch(/^TEAMS_WEBHOOK_URL/);
  });
  it('reads the extra CA file and names it when unreadable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const pem = join(dir, 'ca.pem');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(parseConfig({ AZURE_SUBSCRIPTION_IDS: SUB, EXTRA_CA_CERT_FILE: pem }).extraCaPem).toContain('BEGIN CERTIFICATE');
    expect(problems({ AZURE_SUBSCRIPTION_IDS: SUB, EXTRA_CA_CERT_FILE: join(dir, 'missing.pem') })[0]).toMatch(
      /^EXTRA_CA_CERT_FILE: cannot read/,
    );
  });
});

describe('unresolved Key Vault references', () => {
  it('are ignored with a warning naming the setting, instead of failing the app', () => {
    const c = parseConfig({
      AZURE_SUBSCRIPTION_IDS: SUB,
      TEAMS_WEBHOOK_URL: '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/teams-webhook-url/)',
    });
    expect(c.teamsWebhookUrl).toBeUndefined();
    expect(c.warnings).toEqual([expect.stringMatching(/^TEAMS_WEBHOOK_URL: its Key Vault reference did not resolve/)]);
  });
});
