import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
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
  it('allows plain http only on loopback, and only in local mode', () => {
    // (the loopback sink must also be on the webhook allow-list: see test/unit/notifyConfig.test.ts)
    const local = { AZURE_SUBSCRIPTION_IDS: SUB, AZURE_AUTH_MODE: 'localDev', ARM_ENDPOINT: 'https://127.0.0.1:8443' };
    expect(problems({ ...local, TEAMS_WEBHOOK_URL: 'http://127.0.0.1:9/x', TEAMS_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' })).toEqual([]);
    expect(problems({ ...local, EVENTGRID_TOPIC_ENDPOINT: 'http://localhost:9/api/events' })).toEqual([]);
    expect(problems({ AZURE_SUBSCRIPTION_IDS: SUB, TEAMS_WEBHOOK_URL: 'http://teams.example/x' })[0]).toMatch(/^TEAMS_WEBHOOK_URL/);
    // A real identity never talks plain http, loopback or not.
    expect(problems({ AZURE_SUBSCRIPTION_IDS: SUB, EVENTGRID_TOPIC_ENDPOINT: 'http://127.0.0.1:9/api/events' })).toEqual([
      expect.stringMatching(/^EVENTGRID_TOPIC_ENDPOINT: plain http is accepted only in local mode/),
      expect.stringMatching(/^AZURE_AUTH_MODE: default accepts https endpoints only; plain http: EVENTGRID_TOPIC_ENDPOINT$/),
    ]);
  });

  it.each([
    ['http://127.0.0.1:1@evil.example/x', /user name or password/],
    ['https://user:pass@management.azure.com', /user name or password/],
    ['https://127.0.0.1@evil.example', /user name or password/],
    ['http://127.0.0.1.evil.example/x', /must be an https:\/\/ URL/],
    ['http://localhost.evil.example/x', /must be an https:\/\/ URL/],
    ['ftp://management.azure.com', /must be an https:\/\/ URL/],
    ['https://management.azure.com/#frag', /fragment/],
    ['not a url', /is not a URL/],
  ])('refuses the endpoint %s, naming the setting and not the value', (value, reason) => {
    for (const setting of [
      'ARM_ENDPOINT',
      'LOG_ANALYTICS_ENDPOINT',
      'EVENTGRID_TOPIC_ENDPOINT',
      'ACS_EMAIL_ENDPOINT',
      'STATE_BLOB_SERVICE_URL',
    ]) {
      const p = problems({ AZURE_SUBSCRIPTION_IDS: SUB, [setting]: value });
      expect(p).toEqual([expect.stringMatching(new RegExp(`^${setting}: `))]);
      expect(p[0]).toMatch(reason);
      expect(p[0]).not.toContain(value);
    }
  });

  it('refuses localDev unless every endpoint it would call is on loopback, naming them by setting and host', () => {
    const local = { AZURE_SUBSCRIPTION_IDS: SUB, AZURE_AUTH_MODE: 'localDev', ARM_ENDPOINT: 'https://127.0.0.1:8443' };
    expect(problems(local)).toEqual([]);
    // ARM's default is Azure's: localDev without ARM_ENDPOINT would send the development token there.
    expect(problems({ AZURE_SUBSCRIPTION_IDS: SUB, AZURE_AUTH_MODE: 'localDev' })).toEqual([
      'ARM_ENDPOINT: management.azure.com is not on loopback, which AZURE_AUTH_MODE=localDev requires',
      expect.stringMatching(/^AZURE_AUTH_MODE: localDev .* not on loopback: ARM_ENDPOINT \(management\.azure\.com\)/),
    ]);
    const p = problems({
      ...local,
      EVENTGRID_TOPIC_ENDPOINT: 'https://topic.westeurope-1.eventgrid.azure.net/api/events',
      TEAMS_WEBHOOK_URL: 'https://prod-1.westeurope.logic.azure.com/workflows/x?sig=TOPSECRET',
      LOG_ANALYTICS_WORKSPACE_ID: SUB, // makes the (default, Azure) Log Analytics endpoint one the app calls
    });
    expect(p.map((x) => x.split(':')[0])).toEqual([
      'LOG_ANALYTICS_ENDPOINT',
      'EVENTGRID_TOPIC_ENDPOINT',
      'TEAMS_WEBHOOK_URL',
      'AZURE_AUTH_MODE',
    ]);
    p.splice(0, 3);
    expect(p[0]).toMatch(/EVENTGRID_TOPIC_ENDPOINT \(topic\.westeurope-1\.eventgrid\.azure\.net\)/);
    expect(p[0]).toMatch(/TEAMS_WEBHOOK_URL \(prod-1\.westeurope\.logic\.azure\.com\)/);
    expect(p[0]).toMatch(/LOG_ANALYTICS_ENDPOINT \(api\.loganalytics\.io\)/);
    expect(p[0]).not.toContain('TOPSECRET');
    const sources = JSON.stringify([
      { name: 'v', kind: 'velero', container: 'velero', targetRpo: 'P1D', blobServiceUrl: 'https://acct.blob.core.windows.net' },
    ]);
    expect(problems({ ...local, RPO_BLOB_SOURCES: sources }).at(-1)).toMatch(
      /RPO_BLOB_SOURCES\[0\]\.blobServiceUrl \(acct\.blob\.core\.windows\.net\)/,
    );
  });

  it('keeps a malformed or refused webhook URL out of the error, its JSON and its inspection', () => {
    for (const value of [
      'https://prod-1.logic.azure.com:99999/x?sig=TOPSECRET',
      'http://127.0.0.1:1@prod-1.logic.azure.com/x?sig=TOPSECRET',
    ]) {
      let caught: unknown;
      try {
        parseConfig({ AZURE_SUBSCRIPTION_IDS: SUB, TEAMS_WEBHOOK_URL: value });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      for (const printed of [String(caught), (caught as Error).stack, JSON.stringify(caught), inspect(caught, { depth: 9 })]) {
        expect(printed).not.toContain('TOPSECRET');
      }
    }
  });

  it('holds the webhook URL only as a secret: JSON.stringify(config) has no sig', () => {
    const c = parseConfig({
      AZURE_SUBSCRIPTION_IDS: SUB,
      TEAMS_WEBHOOK_URL: 'https://prod-1.westeurope.logic.azure.com/workflows/x/invoke?api-version=1&sig=TOPSECRET',
    });
    expect(c.notify.teams.webhook?.reveal()).toContain('sig=TOPSECRET');
    for (const printed of [JSON.stringify(c), inspect(c, { depth: 9 }), String(c.notify.teams.webhook)]) {
      expect(printed).not.toContain('sig');
      expect(printed).not.toContain('TOPSECRET');
      expect(printed).toContain('prod-1.westeurope.logic.azure.com');
    }
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
    expect(c.notify.teams.webhook).toBeUndefined();
    expect(c.warnings).toEqual([expect.stringMatching(/^TEAMS_WEBHOOK_URL: its Key Vault reference did not resolve/)]);
  });
});
