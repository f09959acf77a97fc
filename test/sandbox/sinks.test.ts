// Teams Workflows webhook and ACS email look-alikes, plus their listing and HTML views.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEstateServer, type EstateServer } from '../../sandbox/estate/http/server.js';
import type { EmailMessage, TeamsMessage } from '../../sandbox/estate/services/sinkMessages.js';
import { Sinks, sinkRoutes } from '../../sandbox/estate/services/sinks.js';
import { armClient, httpsCall } from './serverHelpers.js';

let server: EstateServer;
const sinks = new Sinks();
const EMAIL_API = { 'api-version': '2023-03-31' };
const email = (overrides: Record<string, unknown> = {}) => ({
  senderAddress: 'DoNotReply@autopilot.example',
  recipients: { to: [{ address: 'oncall@contoso.example', displayName: 'On-call' }] },
  content: { subject: 'Backup failed: aks-prod', plainText: 'bi-1 failed at 02:00', html: '<p>bi-1 <b>failed</b></p>' },
  ...overrides,
});

beforeAll(async () => {
  server = await startEstateServer();
  server.addRoutes(sinkRoutes(sinks, server.kit));
});
afterAll(() => server.close());
beforeEach(() => sinks.clear());

describe('Teams workflow webhook', () => {
  it('answers 202 with no body and stores the payload', async () => {
    const card = {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'RPO breached on aks-prod' }] },
        },
      ],
    };
    const res = await httpsCall(`${server.url}/teams/workflows/flow-1`, server.ca, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(card),
    });
    expect([res.status, res.text]).toEqual([202, '']);
    expect(sinks.teams()).toMatchObject([{ flowId: 'flow-1', body: card }]);
    const listed = (await httpsCall(`${server.url}/_estate/sinks/teams`, server.ca)).json() as { value: TeamsMessage[] };
    expect(listed.value[0]?.body).toEqual(card);
  });

  it('parses JSON sent without a JSON content type, and rejects empty or non-JSON bodies', async () => {
    expect(
      (
        await httpsCall(`${server.url}/teams/workflows/f`, server.ca, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: '{"text":"hi"}',
        })
      ).status,
    ).toBe(202);
    expect(sinks.teams()[0]?.body).toEqual({ text: 'hi' });
    expect((await httpsCall(`${server.url}/teams/workflows/f`, server.ca, { method: 'POST' })).status).toBe(400);
    expect(
      (
        await httpsCall(`${server.url}/teams/workflows/f`, server.ca, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: 'hello',
        })
      ).status,
    ).toBe(400);
  });
});

describe('ACS email', () => {
  it('sends (202 + Operation-Location) and polls to Succeeded with a bearer client', async () => {
    const client = armClient(server.url, server.ca);
    const sent = await client.pathUnchecked('/acs/emails:send').post({ queryParameters: EMAIL_API, body: email() });
    expect(sent.status).toBe('202');
    const { id, status } = sent.body as { id: string; status: string };
    expect(status).toBe('Running');
    expect(sent.headers['operation-id']).toBe(id);
    expect(sent.headers['retry-after']).toBe('0');
    expect(sent.headers['operation-location']).toBe(`${server.url}/acs/emails/operations/${id}?api-version=2023-03-31`);
    const polled = await client.pathUnchecked(sent.headers['operation-location'] ?? '').get();
    expect(polled.body).toEqual({ id, status: 'Succeeded' });
    expect(sinks.emails()).toMatchObject([
      { id, subject: 'Backup failed: aks-prod', to: ['oncall@contoso.example'], plainText: 'bi-1 failed at 02:00' },
    ]);
  });

  it.each([
    [{ senderAddress: '' }, 'senderAddress'],
    [{ recipients: { to: [] } }, 'recipients.to'],
    [{ recipients: { to: [{ displayName: 'x' }] } }, 'recipients.to[0].address'],
    [{ content: { plainText: 'x' } }, 'content.subject'],
    [{ content: { subject: 's' } }, "'content.plainText' or 'content.html'"],
  ])('rejects %j with 400 naming %s', async (overrides, field) => {
    const res = await armClient(server.url, server.ca)
      .pathUnchecked('/acs/emails:send')
      .post({ queryParameters: EMAIL_API, body: email(overrides) });
    expect(res.status).toBe('400');
    expect((res.body as { error: { message: string } }).error.message).toContain(field);
    expect(sinks.emails()).toEqual([]);
  });

  it('requires a bearer token and a known api-version', async () => {
    const anonymous = await httpsCall(`${server.url}/acs/emails:send?api-version=2023-03-31`, server.ca, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(email()),
    });
    expect(anonymous.status).toBe(401);
    const res = await armClient(server.url, server.ca)
      .pathUnchecked('/acs/emails:send')
      .post({ queryParameters: { 'api-version': '2021-10-01-preview' }, body: email() });
    expect(res.status).toBe('400');
    expect(
      (await armClient(server.url, server.ca).pathUnchecked('/acs/emails/operations/unknown').get({ queryParameters: EMAIL_API })).status,
    ).toBe('404');
  });
});

describe('views', () => {
  it('lists emails as JSON and renders an escaped HTML page, newest first', async () => {
    const client = armClient(server.url, server.ca);
    await client
      .pathUnchecked('/acs/emails:send')
      .post({ queryParameters: EMAIL_API, body: email({ content: { subject: 'First <script>alert(1)</script>', plainText: 'one' } }) });
    await client
      .pathUnchecked('/acs/emails:send')
      .post({ queryParameters: EMAIL_API, body: email({ content: { subject: 'Second', html: '<h1>two</h1>' } }) });
    await httpsCall(`${server.url}/teams/workflows/f`, server.ca, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'TextBlock', text: 'Card text' }),
    });
    const listed = (await httpsCall(`${server.url}/_estate/sinks/email`, server.ca)).json() as { value: EmailMessage[] };
    expect(listed.value.map((m) => m.subject)).toEqual(['First <script>alert(1)</script>', 'Second']);
    const page = await httpsCall(`${server.url}/_estate/sinks`, server.ca);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).not.toContain('<script>');
    expect(page.text).toContain('First &#60;script&#62;');
    expect(page.text.indexOf('Second')).toBeLessThan(page.text.indexOf('First'));
    expect(page.text).toContain('srcdoc="&#60;h1&#62;two&#60;/h1&#62;"');
    expect(page.text).toContain('<div class="preview">Card text</div>');
  });
});
