// LOCAL_ESTATE=off with no Event Grid topic: the local host runs the app's appStart hook, as the Functions host does,
// and the start is refused naming EVENTGRID_TOPIC_ENDPOINT (before, it said "ready" and every timer failed each tick).
import { expect, it } from 'vitest';
import { startLocalStack } from '../../sandbox/localStack.js';

it('refuses to start, naming the missing setting and the features that need it', async () => {
  const started = startLocalStack({
    port: 0,
    estate: false,
    timers: 'manual',
    log: () => undefined,
    settings: {
      // A real identity: localDev is refused outright next to real Azure endpoints (test/unit/config.test.ts).
      AZURE_AUTH_MODE: 'managedIdentity',
      AZURE_SUBSCRIPTION_IDS: '3f2c9a4e-5b7d-4e1a-9c3b-2d8e6f1a7b90',
      // Everything else a full deployment needs is there, so the topic is the one thing named.
      LOG_ANALYTICS_WORKSPACE_ID: '22222222-2222-2222-2222-222222222222',
      TEAMS_WEBHOOK_URL: 'https://prod-1.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=s3cret',
    },
  });
  const error = await started.then(
    async (stack) => {
      await stack.close();
      return undefined;
    },
    (e: unknown) => e as Error,
  );
  expect(error?.message).toMatch(/^app\.hook\.appStart failed: Invalid app settings:\n {2}- EVENTGRID_TOPIC_ENDPOINT: required/);
  expect(error?.message).toContain('needed by rpo-timer, job-watch, job-logs, alert-ingest, remediation');
  expect(error?.message.split('\n')).toHaveLength(2);
  expect(error?.message).not.toContain('s3cret');
});
