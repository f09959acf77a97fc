// Rules across endpoint settings, checked once every setting has parsed on its own (fields.ts `url`):
// - plain http (loopback only) is for local mode: with AZURE_AUTH_MODE=localDev, never next to a real identity;
// - localDev signs nothing (an unsigned development token only the simulated estate reads), so it is refused unless
//   every endpoint the app would call is on loopback: a real Azure endpoint would be sent that token, or reached
//   through an identity nobody meant to use.
// Problems name the setting and, at most, the host: a webhook URL is a secret.
import { isLoopbackHost } from './fields.js';

export interface EndpointSettings {
  readonly AZURE_AUTH_MODE: string;
  readonly ARM_ENDPOINT: string;
  readonly LOG_ANALYTICS_ENDPOINT: string;
  readonly LOG_ANALYTICS_WORKSPACE_ID?: string | undefined;
  readonly EVENTGRID_TOPIC_ENDPOINT?: string | undefined;
  readonly TEAMS_WEBHOOK_URL?: string | undefined;
  readonly ACS_EMAIL_ENDPOINT?: string | undefined;
  readonly STATE_BLOB_SERVICE_URL?: string | undefined;
  readonly RPO_BLOB_SOURCES: readonly { readonly serviceUrl: string | undefined }[];
}

/**
 * [setting, URL] of every endpoint the app would call: ARM always (its default is Azure's), Log Analytics when set
 * or when a workspace makes it used, the others when set. STATE_STORAGE_CONNECTION_STRING is not here: it is
 * accepted for a loopback emulator only (monitor.ts).
 */
export function configuredEndpoints(s: EndpointSettings, env: Readonly<Record<string, string | undefined>>): [string, string][] {
  const rows: [string, string | undefined][] = [
    ['ARM_ENDPOINT', s.ARM_ENDPOINT],
    ['LOG_ANALYTICS_ENDPOINT', env.LOG_ANALYTICS_ENDPOINT || s.LOG_ANALYTICS_WORKSPACE_ID ? s.LOG_ANALYTICS_ENDPOINT : undefined],
    ['EVENTGRID_TOPIC_ENDPOINT', s.EVENTGRID_TOPIC_ENDPOINT],
    ['TEAMS_WEBHOOK_URL', s.TEAMS_WEBHOOK_URL],
    ['ACS_EMAIL_ENDPOINT', s.ACS_EMAIL_ENDPOINT],
    ['STATE_BLOB_SERVICE_URL', s.STATE_BLOB_SERVICE_URL],
    ...s.RPO_BLOB_SOURCES.map((source, i): [string, string | undefined] => [`RPO_BLOB_SOURCES[${i}].blobServiceUrl`, source.serviceUrl]),
  ];
  return rows.filter((r): r is [string, string] => r[1] !== undefined);
}

export function endpointProblems(s: EndpointSettings, env: Readonly<Record<string, string | undefined>>): string[] {
  const endpoints = configuredEndpoints(s, env).map(([name, value]) => ({ name, url: new URL(value) }));
  // Each problem names the endpoint's setting, and one more names AZURE_AUTH_MODE: whichever of the two was changed,
  // the error points at it.
  if (s.AZURE_AUTH_MODE !== 'localDev') {
    const plain = endpoints.filter((e) => e.url.protocol === 'http:');
    if (plain.length === 0) return [];
    return [
      ...plain.map((e) => `${e.name}: plain http is accepted only in local mode (AZURE_AUTH_MODE=localDev, loopback); use https`),
      `AZURE_AUTH_MODE: ${s.AZURE_AUTH_MODE} accepts https endpoints only; plain http: ${plain.map((e) => e.name).join(', ')}`,
    ];
  }
  const remote = endpoints.filter((e) => !isLoopbackHost(e.url.hostname));
  if (remote.length === 0) return [];
  const named = remote.map((e) => `${e.name} (${e.url.hostname})`).join(', ');
  return [
    ...remote.map((e) => `${e.name}: ${e.url.hostname} is not on loopback, which AZURE_AUTH_MODE=localDev requires`),
    `AZURE_AUTH_MODE: localDev (an unsigned development token for the simulated estate) is accepted only when every ` +
      `endpoint is on loopback; not on loopback: ${named}. Use managedIdentity or default for real Azure endpoints`,
  ];
}
