// HTTPS (docs/security.md R60): beyond loopback the server speaks TLS only, with no plaintext
// fallback; on loopback TLS is optional. Certificates here come from Debian's openssl.
import { request } from 'node:https';
import { request as plainRequest } from 'node:http';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createHttpServer } from '../../main/http/server.ts';
import { startServer } from '../helpers/server.ts';
import { selfSignedCertificate as certificate } from '../helpers/certificate.ts';

const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;

function httpsGet(url: string, ca: Buffer, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // A forged Host would also change the name the certificate is checked against: keep the check on
    // the address connected to (the certificate is still verified against the pinned CA).
    const identity = host ? { checkServerIdentity: () => undefined } : {};
    const req = request(url + '/healthz', { ca, headers: host ? { host } : {}, ...identity }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('TLS', () => {
  it('serves HTTPS on loopback when given a certificate; plaintext gets no answer', async () => {
    const { server } = startServer();
    const tls = certificate(['127.0.0.1']);
    const http = createHttpServer(server, { port: 0, tls });
    const { url, port } = await http.listen();
    try {
      expect(url).toBe(`https://127.0.0.1:${port}`);
      expect(await httpsGet(url, tls.ca)).toBe(200);
      const plain = new Promise((resolve, reject) => {
        const req = plainRequest({ host: '127.0.0.1', port, path: '/healthz' }, (res) => resolve(res.statusCode));
        req.on('error', reject);
        req.end();
      });
      await expect(plain).rejects.toThrow();
    } finally {
      await http.close();
    }
  });

  it('refuses LAN mode without TLS, and without --allow-lan at all', () => {
    const { server } = startServer();
    expect(() => createHttpServer(server, { host: '192.0.2.10' })).toThrow(/not a loopback address/);
    expect(() => createHttpServer(server, { host: '192.0.2.10', allowLan: true })).toThrow(/LAN mode needs TLS/);
    expect(() => createHttpServer(server, { host: '0.0.0.0', allowLan: true })).toThrow(/every interface/);
  });

  it.runIf(lanAddress)('serves a named LAN interface over TLS, answering to that address', async () => {
    const { server } = startServer();
    const tls = certificate([lanAddress!]);
    const http = createHttpServer(server, { host: lanAddress, port: 0, allowLan: true, tls });
    const { url, port } = await http.listen();
    try {
      expect(url).toBe(`https://${lanAddress}:${port}`);
      expect(await httpsGet(url, tls.ca)).toBe(200);
      expect(await httpsGet(url, tls.ca, `attacker.test:${port}`)).toBe(403);
    } finally {
      await http.close();
    }
  });
});
