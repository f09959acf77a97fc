// Loopback TLS material. The Azure SDK refuses bearer tokens over plain http, so the estate must speak https;
// a fresh self-signed certificate per start keeps nothing secret on disk and clients trust it via `tlsOptions: { ca }`.
import { generate } from 'selfsigned';

export interface EstateCertificate {
  /** PEM private key (stays in process). */
  readonly key: string;
  /** PEM certificate; also the CA clients must trust (it is self-signed with CA:TRUE). */
  readonly cert: string;
}

export async function generateCertificate(validDays = 30): Promise<EstateCertificate> {
  const notBeforeDate = new Date(Date.now() - 60_000); // tolerate small clock skew between processes
  const notAfterDate = new Date(notBeforeDate.getTime() + validDays * 86_400_000);
  const pems = await generate([{ name: 'commonName', value: 'Backup Autopilot estate (localhost)' }], {
    keyType: 'ec', // P-256 generates in milliseconds; RSA-2048 would slow every test file's start
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      // CA:TRUE lets the same certificate act as its own trust anchor in `ca` lists.
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
