// Request caps as an HTTP client meets them (docs/security.md R44): 429 with Retry-After, one bucket
// per peer address whatever X-Forwarded-For claims, and the benchmark switch that turns the caps
// off, on loopback only, with a warning.
import { describe, expect, it } from 'vitest';
import { createHttpServer } from '../../main/http/server.ts';
import { startHttp } from '../helpers/http.ts';
import { PASSWORD, startServer } from '../helpers/server.ts';

const registration = (email: string) => ({ email, password: PASSWORD, name: 'Ada' });

describe('registration caps over HTTP', () => {
  it('answer 429 with Retry-After past N per address, spoofed X-Forwarded-For in the same bucket', async () => {
    const { api, server } = await startHttp({ limits: { register: { address: 3 } } });
    for (let i = 0; i < 4; i++) {
      const headers = { 'x-forwarded-for': `203.0.113.${i}` };
      const reply = await api.call('POST', '/v1/auth/register', { body: registration(`u${i}@example.com`), headers });
      if (i < 3) {
        expect(reply.status).toBe(200);
        continue;
      }
      expect(reply.status).toBe(429);
      expect(reply.body.error).toEqual({
        code: 'RATE_LIMITED',
        message: 'Too many attempts. Please try again later.',
        retryAfter: 3600,
      });
      expect(reply.headers.get('retry-after')).toBe('3600');
    }
    expect(server.services.hasher.stats.derivations).toBe(3);
  });

  it('limits.perAddress: false lifts them on loopback, with a warning at start', async () => {
    const { api, logs } = await startHttp({ limits: { perAddress: false, register: { address: 1, global: 1 } } });
    for (let i = 0; i < 3; i++)
      expect((await api.post('/v1/auth/register', registration(`u${i}@example.com`))).status).toBe(200);
    expect(logs.filter((line) => line.includes('REQUEST CAPS OFF'))).toHaveLength(1);
  });

  it('limits.perAddress: false is refused beyond loopback', () => {
    const { server } = startServer({ limits: { perAddress: false } });
    expect(() => createHttpServer(server, { host: '192.0.2.10', allowLan: true, port: 0 })).toThrow(
      'limits.perAddress: false is for loopback only; refusing to listen on 192.0.2.10',
    );
  });
});
