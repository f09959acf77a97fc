// A Teams webhook outside the allow-list stops the local stack at start, naming the setting and only the host: the
// signed URL is a secret and appears nowhere, not in the error and not in the host log.
import { describe, expect, it } from 'vitest';
import { startLocalStack } from '../../sandbox/localStack.js';

describe('TEAMS_WEBHOOK_URL allow-list', () => {
  it('refuses a non-workflow host at start', async () => {
    const lines: string[] = [];
    const url = 'https://outlook.office.com/webhook/abc/IncomingWebhook/def?sig=TOPSECRETsignature';
    const started = startLocalStack({
      port: 0,
      timers: 'manual',
      settings: { TEAMS_WEBHOOK_URL: url },
      log: (e) => void lines.push(e.message),
    });
    const error = await started.then(
      async (stack) => {
        await stack.close();
        return undefined;
      },
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/TEAMS_WEBHOOK_URL: host "outlook\.office\.com" is not on TEAMS_WEBHOOK_ALLOWED_HOSTS/);
    expect(error?.message).not.toContain('TOPSECRET');
    expect(lines.join('\n')).not.toContain('TOPSECRET');
  });
});
