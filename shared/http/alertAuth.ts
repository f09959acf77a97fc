// Who may POST /api/alerts when the route is a secure webhook (Entra auth, the action group's `useAadAuth`).
//
// What is checked, and by whom (infra/app/function-app.bicep, authsettingsV2):
// - App Service Authentication validates the bearer token: signature against the tenant's keys, issuer, lifetime,
//   audience (the app registration's Application ID URI) and the calling application (Azure Monitor's action
//   groups). It passes the validated claims as X-MS-CLIENT-PRINCIPAL and strips that header from incoming requests.
// - This module checks again what the route needs, from those claims: an Entra principal, the configured audience,
//   the configured tenant (tid and iss), and the action groups' application id. No header, no route: a request the
//   platform let through anonymously (it must, for /api/rpo and the Event Grid webhook) is refused here with 401.
// The header is only trusted while the platform's authentication is on (WEBSITE_AUTH_ENABLED, set by App Service):
// without it anyone could send the header, so the route answers 503 naming the setting instead.
// The app does not verify the token's signature itself (no JWKS fetch here): that is the platform's part.

/** Azure Monitor's action groups: the first-party application that sends secure webhooks. */
export const ACTION_GROUPS_APP_ID = '461e8683-5575-4561-ac7f-899cc907d62a';

const TENANT_CLAIM = 'http://schemas.microsoft.com/identity/claims/tenantid';

export interface AlertAuthSettings {
  /** ALERT_AUTH_AUDIENCE: the Application ID URI the token must be for. */
  readonly audience: string;
  /** ALERT_AUTH_TENANT_ID: the tenant the token must come from. */
  readonly tenantId: string;
}

export type AlertAuthOutcome =
  | { readonly ok: true; readonly caller: string }
  | { readonly ok: false; readonly status: 401 | 403 | 503; readonly code: string; readonly message: string };

interface HeaderBag {
  get(name: string): string | null;
}

/** The claims in X-MS-CLIENT-PRINCIPAL (base64 JSON: { auth_typ, claims: [{ typ, val }] }), or undefined. */
export function principalClaims(header: string | null): Map<string, string[]> | undefined {
  if (!header || header.length > 16_384) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as { claims?: unknown };
    if (!Array.isArray(parsed.claims)) return undefined;
    const claims = new Map<string, string[]>();
    for (const c of parsed.claims as { typ?: unknown; val?: unknown }[]) {
      if (typeof c?.typ !== 'string' || typeof c.val !== 'string') continue;
      claims.set(c.typ, [...(claims.get(c.typ) ?? []), c.val]);
    }
    return claims;
  } catch {
    return undefined;
  }
}

const norm = (v: string): string => v.trim().replace(/\/+$/, '').toLowerCase();

export function checkAlertCaller(headers: HeaderBag, settings: AlertAuthSettings, platformAuthOn: boolean): AlertAuthOutcome {
  if (!platformAuthOn) {
    return {
      ok: false,
      status: 503,
      code: 'AlertAuthUnavailable',
      message:
        'ALERT_AUTH_AUDIENCE is set but App Service Authentication is off (WEBSITE_AUTH_ENABLED): the caller cannot be ' +
        'verified, so alerts are refused; deploy with alertAuthClientId (infra/README.md) or unset ALERT_AUTH_AUDIENCE',
    };
  }
  const claims = principalClaims(headers.get('x-ms-client-principal'));
  if (!claims || (headers.get('x-ms-client-principal-idp') ?? 'aad').toLowerCase() !== 'aad') {
    return { ok: false, status: 401, code: 'Unauthorized', message: 'an Entra token of the alert action group is required' };
  }
  const one = (...types: string[]): string[] => types.flatMap((t) => claims.get(t) ?? []);
  const tenant = norm(settings.tenantId);
  const issuers = [`https://sts.windows.net/${tenant}`, `https://login.microsoftonline.com/${tenant}/v2.0`];
  const refused = (claim: string): AlertAuthOutcome => ({
    ok: false,
    status: 403,
    code: 'Forbidden',
    message: `the token's ${claim} is not the one ALERT_AUTH_AUDIENCE / ALERT_AUTH_TENANT_ID allow for alerts`,
  });
  if (!one('aud').some((a) => norm(a) === norm(settings.audience))) return refused('audience (aud)');
  if (!one('tid', TENANT_CLAIM).some((t) => norm(t) === tenant)) return refused('tenant (tid)');
  if (!one('iss').some((i) => issuers.includes(norm(i)))) return refused('issuer (iss)');
  const app = one('appid', 'azp');
  if (!app.some((a) => norm(a) === ACTION_GROUPS_APP_ID)) return refused('application (appid)');
  return { ok: true, caller: app[0]! };
}

/**
 * The route's authorization level, decided when the function is registered: anonymous (to the Functions host) only
 * when the Entra check above is configured; otherwise a per-function key, as before (local mode, or no app registration).
 */
export const alertRouteAuthLevel = (env: Readonly<Record<string, string | undefined>>): 'anonymous' | 'function' =>
  env.ALERT_AUTH_AUDIENCE?.trim() ? 'anonymous' : 'function';

/** WEBSITE_AUTH_ENABLED, which App Service sets while its authentication is on. */
export const platformAuthOn = (env: Readonly<Record<string, string | undefined>>): boolean =>
  env.WEBSITE_AUTH_ENABLED?.trim().toLowerCase() === 'true';
