// POST /api/alerts as a secure webhook: the claims App Service Authentication passes (X-MS-CLIENT-PRINCIPAL) must be
// an Entra token of Azure Monitor's action groups, for the configured audience and tenant; the header is trusted only
// while the platform's authentication is on.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config/index.js';
import {
  ACTION_GROUPS_APP_ID,
  alertRouteAuthLevel,
  checkAlertCaller,
  platformAuthOn,
  principalClaims,
} from '../../shared/http/alertAuth.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const settings = { audience: 'api://backup-autopilot-alerts', tenantId: TENANT };
const good: Record<string, string> = {
  aud: 'api://backup-autopilot-alerts',
  iss: `https://sts.windows.net/${TENANT}/`,
  tid: TENANT,
  appid: ACTION_GROUPS_APP_ID,
  roles: 'ActionGroupsSecureWebhook',
};
const principal = (claims: Record<string, string>) =>
  Buffer.from(JSON.stringify({ auth_typ: 'aad', claims: Object.entries(claims).map(([typ, val]) => ({ typ, val })) })).toString('base64');
const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] ?? null });
const check = (claims: Record<string, string> | undefined, on = true, extra: Record<string, string> = {}) =>
  checkAlertCaller(headers({ ...(claims ? { 'x-ms-client-principal': principal(claims) } : {}), ...extra }), settings, on);

describe('alert caller', () => {
  it("accepts the action groups' token for the audience and tenant", () => {
    expect(check(good)).toEqual({ ok: true, caller: ACTION_GROUPS_APP_ID });
    // v2.0 issuer and the long tenant claim name are the same facts.
    const { tid: _tid, ...rest } = good;
    const v2 = {
      ...rest,
      iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      'http://schemas.microsoft.com/identity/claims/tenantid': TENANT,
    };
    expect(check(v2)).toMatchObject({ ok: true });
  });

  it('refuses a request without a validated principal with 401', () => {
    expect(check(undefined)).toMatchObject({ ok: false, status: 401 });
    expect(checkAlertCaller(headers({ 'x-ms-client-principal': 'not base64 json' }), settings, true)).toMatchObject({ status: 401 });
    expect(check(good, true, { 'x-ms-client-principal-idp': 'github' })).toMatchObject({ status: 401 });
  });

  it.each([
    ['aud', { aud: 'api://someone-else' }, /audience/],
    ['tid', { tid: '11111111-1111-1111-1111-111111111111' }, /tenant/],
    ['iss', { iss: 'https://sts.windows.net/11111111-1111-1111-1111-111111111111/' }, /issuer/],
    ['appid', { appid: '22222222-2222-2222-2222-222222222222' }, /application/],
  ])('refuses a token with another %s with 403', (_claim, change, reason) => {
    const outcome = check({ ...good, ...change });
    expect(outcome).toMatchObject({ ok: false, status: 403 });
    expect(!outcome.ok && outcome.message).toMatch(reason);
  });

  it('trusts the header only while App Service Authentication is on', () => {
    expect(check(good, false)).toMatchObject({ ok: false, status: 503, code: 'AlertAuthUnavailable' });
    expect(platformAuthOn({ WEBSITE_AUTH_ENABLED: 'True' })).toBe(true);
    expect(platformAuthOn({})).toBe(false);
  });

  it('keeps the per-function key unless the Entra check is configured', () => {
    expect(alertRouteAuthLevel({})).toBe('function');
    expect(alertRouteAuthLevel({ ALERT_AUTH_AUDIENCE: 'api://x' })).toBe('anonymous');
  });

  it('reads the settings in pairs, naming the missing one', () => {
    const SUB = '11111111-1111-1111-1111-111111111111';
    expect(parseConfig({ AZURE_SUBSCRIPTION_IDS: SUB }).alertAuth).toBeUndefined();
    expect(parseConfig({ AZURE_SUBSCRIPTION_IDS: SUB, ALERT_AUTH_AUDIENCE: 'api://a', ALERT_AUTH_TENANT_ID: TENANT }).alertAuth).toEqual({
      audience: 'api://a',
      tenantId: TENANT,
    });
    expect(() => parseConfig({ AZURE_SUBSCRIPTION_IDS: SUB, ALERT_AUTH_AUDIENCE: 'api://a' })).toThrow(
      /ALERT_AUTH_AUDIENCE: needs ALERT_AUTH_TENANT_ID too/,
    );
    expect(principalClaims(null)).toBeUndefined();
  });
});
