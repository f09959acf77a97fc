// Features declare what they need; every feature that is on is checked at start, one problem per missing or bad
// setting naming the features that need it; FEATURES_OFF switches features off and refuses names it does not know.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertFeaturesReady, checkFeatures } from '../../shared/config/featureNeeds.js';
import { FEATURE_FUNCTIONS, FEATURES } from '../../shared/config/features.js';
import { ConfigError, parseConfig } from '../../shared/config/index.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const COMPLETE = {
  AZURE_SUBSCRIPTION_IDS: SUB,
  STATE_BLOB_SERVICE_URL: 'https://stautopilot.blob.core.windows.net',
  EVENTGRID_TOPIC_ENDPOINT: 'https://evgt-autopilot.westeurope-1.eventgrid.azure.net/api/events',
  LOG_ANALYTICS_WORKSPACE_ID: '22222222-2222-2222-2222-222222222222',
  TEAMS_WEBHOOK_URL: 'https://prod-1.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=s3cret',
};
const check = (env: Record<string, string>) => checkFeatures(parseConfig(env));
const without = (...names: (keyof typeof COMPLETE)[]) =>
  Object.fromEntries(Object.entries(COMPLETE).filter(([k]) => !names.includes(k as keyof typeof COMPLETE)));

describe('the start-up check of features', () => {
  it('passes a complete deployment', () => expect(check(COMPLETE)).toEqual({ problems: [], warnings: [] }));

  it('names each missing setting once, with every feature that needs it and how to switch them off', () => {
    const { problems } = check(without('EVENTGRID_TOPIC_ENDPOINT', 'LOG_ANALYTICS_WORKSPACE_ID'));
    expect(problems).toHaveLength(2);
    const [topic, workspace] = problems;
    expect(topic).toMatch(/^EVENTGRID_TOPIC_ENDPOINT: required /);
    expect(topic).toContain('needed by rpo-timer, job-watch, job-logs, alert-ingest, remediation');
    expect(topic).toContain('FEATURES_OFF=rpo-timer,job-watch,job-logs,alert-ingest,remediation');
    expect(workspace).toMatch(/^LOG_ANALYTICS_WORKSPACE_ID: required .*needed by job-logs .*FEATURES_OFF=job-logs$/);
    expect(() => assertFeaturesReady(parseConfig(without('EVENTGRID_TOPIC_ENDPOINT')))).toThrow(ConfigError);
  });

  it('needs a sender for notifications: Teams, or ACS email with recipients', () => {
    expect(check(without('TEAMS_WEBHOOK_URL')).problems).toEqual([expect.stringMatching(/^TEAMS_WEBHOOK_URL: .*needed by notifications/)]);
    const email = { ACS_EMAIL_ENDPOINT: 'https://acs.communication.azure.com', NOTIFY_EMAIL_TO: 'ops@contoso.example' };
    const withEmail = { ...without('TEAMS_WEBHOOK_URL'), ...email, NOTIFY_EMAIL_SENDER: 'DoNotReply@contoso.example' };
    expect(check(withEmail).problems).toEqual([]);
  });

  it('refuses both state settings at once, and asks for one when neither is set', () => {
    const both = check({ ...COMPLETE, STATE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }).problems;
    expect(both).toEqual([
      expect.stringMatching(/^STATE_BLOB_SERVICE_URL: set STATE_BLOB_SERVICE_URL or STATE_STORAGE_CONNECTION_STRING, not both/),
    ]);
    expect(check(without('STATE_BLOB_SERVICE_URL')).problems).toEqual([
      expect.stringMatching(/^STATE_BLOB_SERVICE_URL: required .*needed by rpo-timer, job-watch, job-logs, remediation, notifications/),
    ]);
  });

  it('checks nothing for a feature that is switched off; FEATURES_OFF=all leaves only the on-demand check', () => {
    expect(check({ ...without('LOG_ANALYTICS_WORKSPACE_ID'), FEATURES_OFF: 'job-logs' }).problems).toEqual([]);
    const core = parseConfig({ AZURE_SUBSCRIPTION_IDS: SUB, FEATURES_OFF: 'all' });
    expect(core.features.on).toEqual([]);
    expect(checkFeatures(core).problems).toEqual([]);
    expect(parseConfig({ AZURE_SUBSCRIPTION_IDS: SUB, FEATURES_OFF: 'Job-Logs, notifications' }).features.off).toEqual(
      new Set(['job-logs', 'notifications']),
    );
  });

  it('refuses an unknown feature name, naming FEATURES_OFF and the names it knows', () => {
    expect(() => parseConfig({ AZURE_SUBSCRIPTION_IDS: SUB, FEATURES_OFF: 'job-logs,detektors' })).toThrow(
      /FEATURES_OFF: unknown feature "detektors"; known: rpo-timer, job-watch, job-logs, alert-ingest, remediation, notifications/,
    );
  });

  it('waits for a Key Vault reference that has not resolved yet instead of refusing to start', () => {
    const c = parseConfig({ ...COMPLETE, TEAMS_WEBHOOK_URL: '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/teams/)' });
    expect(c.unresolved).toEqual(['TEAMS_WEBHOOK_URL']);
    expect(checkFeatures(c)).toEqual({ problems: [], warnings: [expect.stringMatching(/^notifications: waiting for TEAMS_WEBHOOK_URL/)] });
  });

  it('maps every feature to the functions whose registration is guarded by it', () => {
    expect(Object.keys(FEATURE_FUNCTIONS)).toEqual([...FEATURES]);
    for (const [feature, names] of Object.entries(FEATURE_FUNCTIONS)) {
      for (const name of names) {
        const source = readFileSync(join('functions', `${name}.ts`), 'utf8');
        expect(source, name).toMatch(new RegExp(`(timer|event|http)Function\\('${feature}', ${name}\\)`));
      }
    }
  });
});
