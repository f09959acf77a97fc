// Which identity the app uses. In Azure: the user-assigned managed identity (DefaultAzureCredential with its client
// id also works for developers signed in with az). Locally against the simulated estate: an unsigned development
// token, which the estate reads to tell principals apart (for its throttling model) and Azure would reject.
//
// @azure/identity is the heaviest package the app loads (a quarter of a second and more on a cold instance): it is
// imported on the first token request, not with the function entries, and never in local mode.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { AppConfig } from '../../config/index.js';
import { onceAsync } from '../../util/once.js';

export function createCredential(auth: AppConfig['auth']): TokenCredential {
  const { mode, clientId } = auth;
  return mode === 'localDev' ? new LocalDevCredential(clientId ?? 'local-developer') : new IdentityCredential(mode, clientId);
}

/** The real @azure/identity credential for the mode, built when the first token is asked for. */
class IdentityCredential implements TokenCredential {
  private readonly credential: () => Promise<TokenCredential>;

  constructor(mode: 'managedIdentity' | 'default', clientId: string | undefined) {
    this.credential = onceAsync(async () => {
      const { DefaultAzureCredential, ManagedIdentityCredential } = await import('@azure/identity');
      if (mode === 'default') return new DefaultAzureCredential(clientId ? { managedIdentityClientId: clientId } : {});
      return clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential();
    });
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    return (await this.credential()).getToken(scopes, options);
  }
}

/** Unsigned JWT (alg "none") carrying an object id; only meaningful to the simulated estate. */
export class LocalDevCredential implements TokenCredential {
  constructor(private readonly objectId: string) {}

  getToken(scopes: string | string[]): Promise<AccessToken> {
    const expiresOnTimestamp = Date.now() + 3_600_000;
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const aud = (Array.isArray(scopes) ? scopes[0] : scopes)?.replace(/\/\.default$/, '');
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ oid: this.objectId, aud, exp: Math.floor(expiresOnTimestamp / 1000) })}.`;
    return Promise.resolve({ token, expiresOnTimestamp });
  }
}
