// The composed estate (startEstate): endpoints wired to the right routes, control objects exposed, and close()
// leaving nothing listening. Uses only the server-core parts; the model's own routes are tested elsewhere.
import { AzureKeyCredential } from '@azure/core-auth';
import { EventGridPublisherClient } from '@azure/eventgrid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEstate, type Estate } from '../../sandbox/estate/index.js';
import { armClient, httpsCall } from './serverHelpers.js';

let estate: Estate;

beforeAll(async () => {
  estate = await startEstate({ throttle: false });
});
afterAll(() => estate.close());

describe('startEstate', () => {
  it('exposes endpoints on one https origin', () => {
    const { url, endpoints } = estate;
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(endpoints).toMatchObject({
      resourceManager: url,
      resourceGraph: url,
      logAnalytics: `${url}/v1`,
      acsEmail: `${url}/acs`,
      eventGridTopic: `${url}/eventgrid/topics/autopilot/api/events`,
    });
    expect(endpoints.teamsWebhook.startsWith(`${url}/teams/workflows/`)).toBe(true);
    expect(estate.ca).toContain('BEGIN CERTIFICATE');
    expect(estate.control.throttle.enabled).toBe(false);
  });

  it('routes Event Grid, Teams and email to the control objects', async () => {
    const publisher = new EventGridPublisherClient(
      estate.endpoints.eventGridTopic,
      'CloudEvent',
      new AzureKeyCredential(estate.endpoints.eventGridTopicKey),
      { tlsOptions: { ca: estate.ca } },
    );
    await publisher.send([{ type: 'Autopilot.Test', source: '/tests', data: { n: 1 } }]);
    expect(estate.control.eventGrid.events().map((e) => e.type)).toEqual(['Autopilot.Test']);

    const teams = await httpsCall(estate.endpoints.teamsWebhook, estate.ca, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"hi"}',
    });
    expect(teams.status).toBe(202);
    expect(estate.control.sinks.teams()).toHaveLength(1);

    const mail = await armClient(estate.endpoints.acsEmail, estate.ca)
      .pathUnchecked('/emails:send')
      .post({
        queryParameters: { 'api-version': '2023-03-31' },
        body: { senderAddress: 'a@b.example', recipients: { to: [{ address: 'c@d.example' }] }, content: { subject: 's', plainText: 't' } },
      });
    expect(mail.status).toBe('202');
    expect(estate.control.sinks.emails()).toHaveLength(1);
    expect(estate.control.requests.count('email')).toBe(1);
  });

  it('serves the control API and resets the request log', async () => {
    const summary = (await httpsCall(`${estate.url}/_estate/requests`, estate.ca)).json() as { total: number };
    expect(summary.total).toBeGreaterThan(0);
    estate.control.resetRequests();
    expect(estate.control.requests.count()).toBe(0);
  });

  it('close() stops listening and can be called twice', async () => {
    const other = await startEstate();
    await Promise.all([other.close(), other.close()]);
    await expect(httpsCall(`${other.url}/_estate/faults`, other.ca)).rejects.toThrow(/ECONNREFUSED/);
  });
});
