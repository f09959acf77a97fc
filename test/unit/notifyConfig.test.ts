import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config/index.js';
import { hostAllowed, redactSecrets, redactUrl } from '../../shared/domain/notify/redact.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const WORKFLOW =
  'https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sv=1.0&sig=TOPSECRETsig';
const problems = (env: Record<string, string>): string[] => {
  try {
    parseConfig({ AZURE_SUBSCRIPTION_IDS: SUB, ...env });
    return [];
  } catch (e) {
    return [...((e as { problems?: string[] }).problems ?? [String(e)])];
  }
};

describe('notify settings', () => {
  it('accepts Microsoft workflow hosts by default and keeps the URL out of every printable form', () => {
    const c = parseConfig({ AZURE_SUBSCRIPTION_IDS: SUB, TEAMS_WEBHOOK_URL: WORKFLOW });
    const webhook = c.notify.teams.webhook!;
    expect(webhook.reveal()).toBe(WORKFLOW);
    for (const printed of [JSON.stringify(c.notify), String(webhook), inspect(c.notify, { depth: 5 })]) {
      expect(printed).not.toContain('TOPSECRET');
      expect(printed).toContain('https://prod-12.westeurope.logic.azure.com:443/…(redacted)');
    }
  });

  it('refuses a webhook host outside TEAMS_WEBHOOK_ALLOWED_HOSTS at start, naming the setting and not the URL', () => {
    const p = problems({ TEAMS_WEBHOOK_URL: 'https://outlook.office.com/webhook/abc?sig=TOPSECRET' });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^TEAMS_WEBHOOK_URL: host "outlook\.office\.com" is not on TEAMS_WEBHOOK_ALLOWED_HOSTS/);
    expect(p.join()).not.toContain('TOPSECRET');
    expect(() => parseConfig({ AZURE_SUBSCRIPTION_IDS: SUB, TEAMS_WEBHOOK_URL: 'https://evil.example/x' })).toThrow(
      /ConfigError|Invalid app settings/,
    );
  });

  it.each(['https://', 'https://exa mple.com/x', 'https://[::1'])(
    'refuses an endpoint URL that does not parse (%s; found by the fuzz suite: a bare TypeError) naming the setting',
    (url) => expect(problems({ TEAMS_WEBHOOK_URL: url })).toEqual([expect.stringMatching(/^TEAMS_WEBHOOK_URL: /)]),
  );

  it('matches *.domain at any depth, never the bare domain or a look-alike', () => {
    const list = ['*.logic.azure.com', 'sink.local'];
    expect(hostAllowed('prod-1.westeurope.logic.azure.com', list)).toBe(true);
    expect(hostAllowed('logic.azure.com', list)).toBe(false);
    expect(hostAllowed('evil-logic.azure.com', list)).toBe(false);
    expect(hostAllowed('SINK.local', list)).toBe(true);
  });

  it('needs a sender once email is configured, and defaults the rest', () => {
    expect(problems({ ACS_EMAIL_ENDPOINT: 'https://acs.communication.azure.com', NOTIFY_EMAIL_TO: 'ops@contoso.com' })[0]).toMatch(
      /^NOTIFY_EMAIL_SENDER: required/,
    );
    const c = parseConfig({ AZURE_SUBSCRIPTION_IDS: SUB });
    expect(c.notify).toMatchObject({ email: undefined, reminderEveryMs: 86_400_000, digestThreshold: 3, outboxSchedule: '0 * * * * *' });
    expect(problems({ NOTIFY_EMAIL_TO: 'not-an-address' })[0]).toMatch(/^NOTIFY_EMAIL_TO/);
  });

  it('redacts a webhook URL inside any error text', () => {
    expect(redactUrl(WORKFLOW)).toBe('https://prod-12.westeurope.logic.azure.com:443/…(redacted)');
    const text = redactSecrets(`request to ${WORKFLOW} failed; sig=TOPSECRETsig`, [WORKFLOW]);
    expect(text).not.toContain('TOPSECRET');
  });
});
