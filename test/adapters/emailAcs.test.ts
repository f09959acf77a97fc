// The ACS email adapter with the real EmailClient against the estate's email sink: HTML and plain text arrive, the
// send is polled to completion, and the same message id (Operation-Id) is one email however often it is retried.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEstate, type Estate } from '../../sandbox/estate/index.js';
import { LocalDevCredential } from '../../shared/adapters/arm/credential.js';
import { AcsEmailSender, operationIdOf } from '../../shared/adapters/messaging/emailAcs.js';

let estate: Estate;
const http = { maxRetries: 2, retryDelayMs: 5, timeoutMs: 10_000, concurrency: 4 };
const sender = () =>
  new AcsEmailSender(
    { endpoint: estate.url, sender: 'DoNotReply@autopilot.example', to: ['ops@contoso.example', 'sre@contoso.example'] },
    { credential: new LocalDevCredential('app'), caPem: estate.ca, http },
  );
const email = (id: string) => ({ id, subject: 'RPO breached — orders', html: '<p>breached</p>', plainText: 'breached' });

beforeAll(async () => {
  estate = await startEstate({ throttle: false });
});
afterAll(() => estate?.close());
beforeEach(() => {
  estate.control.sinks.clear();
  estate.control.faults.clear();
});

describe('AcsEmailSender', () => {
  it('sends HTML and plain text to every recipient with the app identity', async () => {
    await sender().send(email('rpo:1#1-email'));
    expect(estate.control.sinks.emails()).toMatchObject([
      {
        id: operationIdOf('rpo:1#1-email'),
        senderAddress: 'DoNotReply@autopilot.example',
        to: ['ops@contoso.example', 'sre@contoso.example'],
        subject: 'RPO breached — orders',
        html: '<p>breached</p>',
        plainText: 'breached',
      },
    ]);
  });

  it('sends a retried message once (same Operation-Id), a different message again', async () => {
    await sender().send(email('rpo:1#2-email'));
    await sender().send(email('rpo:1#2-email'));
    await sender().send(email('rpo:1#3-email'));
    expect(estate.control.sinks.emails()).toHaveLength(2);
  });

  it('derives a UUID-shaped operation id, stable per message', () => {
    expect(operationIdOf('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(operationIdOf('a')).toBe(operationIdOf('a'));
    expect(operationIdOf('a')).not.toBe(operationIdOf('b'));
  });

  it('surfaces a send the service keeps refusing', async () => {
    estate.control.faults.add({ service: 'email', kind: 'status', status: 503, times: Infinity });
    await expect(sender().send(email('rpo:1#4-email'))).rejects.toThrow();
  });
});
