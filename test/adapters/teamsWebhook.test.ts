// The Teams Workflows adapter against the estate's webhook sink: the message arrives as posted, 429 is ridden out in
// the pipeline, and a failure's error names the host only — never the signed URL.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEstate, type Estate } from '../../sandbox/estate/index.js';
import { TeamsWebhookSender } from '../../shared/adapters/messaging/teamsWebhook.js';
import { SecretUrl } from '../../shared/config/notify.js';

let estate: Estate;
const http = { maxRetries: 2, retryDelayMs: 5, timeoutMs: 10_000, concurrency: 4 };
const signed = () => `${estate.endpoints.teamsWebhook}?api-version=1&sp=%2Ftriggers&sv=1.0&sig=TOPSECRETsignature`;
const sender = () => new TeamsWebhookSender({ webhook: new SecretUrl(signed()) }, { caPem: estate.ca, http });

beforeAll(async () => {
  estate = await startEstate({ throttle: false });
});
afterAll(() => estate?.close());
beforeEach(() => {
  estate.control.sinks.clear();
  estate.control.faults.clear();
});

describe('TeamsWebhookSender', () => {
  it('posts the message body as JSON', async () => {
    await sender().post({ type: 'message', attachments: [] });
    expect(estate.control.sinks.teams().map((m) => m.body)).toEqual([{ type: 'message', attachments: [] }]);
  });

  it('retries 429 with Retry-After inside the pipeline', async () => {
    estate.control.faults.add({ service: 'teams', kind: 'throttle', times: 2 });
    await sender().post({ type: 'message', attachments: [] });
    expect(estate.control.sinks.teams()).toHaveLength(1);
  });

  it('fails with an error that names the host, not the signed URL', async () => {
    estate.control.faults.add({ service: 'teams', kind: 'status', status: 500, times: Infinity });
    const error = await sender()
      .post({ type: 'message', attachments: [] })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(error?.message).toMatch(/^Teams webhook https:\/\/127\.0\.0\.1:\d+\/…\(redacted\) answered 500/);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('TOPSECRET');
    expect(error?.cause).toBeUndefined();
  });

  it('a connection failure is redacted too', async () => {
    const dead = new TeamsWebhookSender({ webhook: new SecretUrl('https://127.0.0.1:9/flow?sig=TOPSECRET') }, { caPem: estate.ca, http });
    const error = await dead.post({}).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/^Teams webhook https:\/\/127\.0\.0\.1:9\/…\(redacted\)/);
    expect(error?.message).not.toContain('TOPSECRET');
  });
});
