// Self-signed certificates from Debian's openssl, for TLS tests (HTTPS, SMTP over TLS).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './server.ts';

/** A P-256 certificate for these IP addresses, valid one day; `ca` is the certificate itself. */
export function selfSignedCertificate(addresses: string[]) {
  const dir = tempDir();
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const san = addresses.map((address) => `IP:${address}`).join(',');
  const result = spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=latchkey-test',
    '-addext',
    `subjectAltName=${san}`,
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ]);
  if (result.status !== 0) throw new Error(`openssl failed: ${result.stderr}`);
  return { certFile, keyFile, ca: readFileSync(certFile), key: readFileSync(keyFile) };
}
