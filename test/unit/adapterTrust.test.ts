// EXTRA_CA_CERT_FILE adds to Node's default roots (Node's `ca` replaces them when given alone), and reaches the
// Teams and ACS clients only when those are on loopback.
import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { LocalDevCredential } from '../../shared/adapters/arm/credential.js';
import { pipelineOptions, tlsOptions, trustFor, type AdapterOptions } from '../../shared/adapters/options.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBestate\n-----END CERTIFICATE-----\n';
const options: AdapterOptions = {
  credential: new LocalDevCredential('t'),
  caPem: PEM,
  http: { maxRetries: 1, retryDelayMs: 1, timeoutMs: 1_000, concurrency: 1 },
};

describe('extra CA', () => {
  it('is trusted next to every default root, not instead of them', () => {
    const ca = pipelineOptions(options).tlsOptions?.ca as string[];
    expect(rootCertificates.length).toBeGreaterThan(50);
    expect(ca).toEqual([...rootCertificates, PEM]);
    expect(tlsOptions({ caPem: undefined })).toEqual({});
    expect(pipelineOptions({ ...options, caPem: undefined }).tlsOptions).toBeUndefined();
  });

  it.each([
    ['https://127.0.0.1:8443/teams?sig=x', true],
    ['https://localhost:8443', true],
    ['https://[::1]:8443', true],
    ['https://prod-1.westeurope.logic.azure.com/workflows/x?sig=y', false],
    ['https://autopilot.europe.communication.azure.com', false],
    ['https://127.0.0.1.evil.example', false],
    ['https://127.0.0.1:1@evil.example', false],
  ])('reaches %s only on loopback (%s)', (endpoint, kept) => {
    const trusted = trustFor(options, endpoint);
    expect(trusted.caPem).toBe(kept ? PEM : undefined);
    expect(trusted.credential).toBe(options.credential);
    expect(pipelineOptions(trusted).tlsOptions === undefined).toBe(!kept);
  });
});
