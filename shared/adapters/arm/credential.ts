// Which identity the app uses. In Azure: the user-assigned managed identity (DefaultAzureCredential with its client
// id also works for developers signed in with az). Locally against the simulated estate: an unsigned development
// token, which the estate reads to tell principals apart (for its throttling model) and Azure would reject.
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import type { AppConfig } from '../../config/index.js';

export function createCredential(auth: AppConfig['auth']): TokenCredential {
  switch (auth.mode) {
    case 'managedIdentity':
      return auth.clientId ? new ManagedIdentityCredential({ clientId: auth.clientId }) : new ManagedIdentityCredential();
    case 'localDev':
      return new LocalDevCredential(auth.clientId ?? 'local-developer');
    case 'default':
      return new DefaultAzureCredential(auth.clientId ? { managedIdentityClientId: auth.clientId } : {});
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
