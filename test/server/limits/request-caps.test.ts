// Caps on unauthenticated requests over HTTP (docs/security.md R8, R44): registrations, email-code
// requests and captcha images, per address and for all addresses together, counted in SQLite
// before any hashing, in fixed windows that survive a restart. IPC and in-process calls are this
// machine's own and are not capped (the bounded hash queue still holds them).
import { describe, expect, it } from 'vitest';
import { PASSWORD, errorOf, startServer } from '../../helpers/server.ts';
import type { AuthServer } from '../../../main/server/server.ts';

const from = (server: AuthServer, ipAddress: string) => server.caller({ transport: 'http', ipAddress });
const register = (server: AuthServer, ipAddress: string, email: string) =>
  from(server, ipAddress).auth.register({ email, password: PASSWORD, name: 'Ada' });

describe('registration caps', () => {
  it('allow N per address per window, then RATE_LIMITED before any hash; another address is unaffected', async () => {
    const { server, clock } = startServer({ limits: { register: { address: 3 } } });
    const { hasher } = server.services;
    for (let i = 0; i < 3; i++) await register(server, '198.51.100.1', `u${i}@example.com`);
    expect(hasher.stats.derivations).toBe(3);
    clock.advance(600_000);
    const refused = await errorOf(register(server, '198.51.100.1', 'u3@example.com'));
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 3000 });
    // A taken email counts too (no free probing), and is refused the same way.
    expect((await errorOf(register(server, '198.51.100.1', 'u0@example.com'))).code).toBe('RATE_LIMITED');
    expect(hasher.stats.derivations).toBe(3);
    expect(server.services.audit.list({ type: 'request_capped', limit: 10 })).toHaveLength(1);

    await register(server, '198.51.100.2', 'other@example.com');
    // The machine's own callers are not capped.
    await server
      .caller({ transport: 'ipc' })
      .auth.register({ email: 'kiosk@example.com', password: PASSWORD, name: 'K' });
    expect(hasher.stats.derivations).toBe(5);

    clock.advance(3_000_000);
    await register(server, '198.51.100.1', 'u3@example.com');
  });

  it('enforce a global cap across addresses', async () => {
    const { server } = startServer({ limits: { register: { global: 3 } } });
    for (let i = 0; i < 3; i++) await register(server, `203.0.113.${i}`, `u${i}@example.com`);
    expect((await errorOf(register(server, '203.0.113.99', 'late@example.com'))).code).toBe('RATE_LIMITED');
    expect(server.services.hasher.stats.derivations).toBe(3);
  });

  it('survive a restart', async () => {
    const test = startServer({ limits: { register: { address: 1 } } }, { file: true });
    await register(test.server, '198.51.100.1', 'a@example.com');
    const restarted = await test.restart();
    expect((await errorOf(register(restarted, '198.51.100.1', 'b@example.com'))).code).toBe('RATE_LIMITED');
  });

  it('are off with limits.perAddress: false, while account and email limits stay', async () => {
    const { server } = startServer({
      limits: { perAddress: false, register: { address: 1, global: 1 }, emailCode: { address: 1, global: 1 } },
      email: { maxSendsPerAddressPerHour: 1, captcha: { policy: 'never' } },
    });
    for (let i = 0; i < 5; i++) await register(server, '127.0.0.1', `u${i}@example.com`);
    for (let i = 0; i < 3; i++) await from(server, '127.0.0.1').auth.requestEmailCode({ email: `c${i}@example.com` });
    const again = await errorOf(from(server, '127.0.0.1').auth.requestEmailCode({ email: 'c0@example.com' }));
    expect(again).toMatchObject({ code: 'RATE_LIMITED', reason: 'cooldown' });
    for (let i = 0; i < 5; i++)
      await errorOf(from(server, '127.0.0.1').auth.login({ email: 'u0@example.com', password: 'wrong password here' }));
    expect(
      await errorOf(from(server, '127.0.0.1').auth.login({ email: 'u0@example.com', password: PASSWORD })),
    ).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 30 });
    // The address's own failure counter is off too; the device-at-address one stays.
    expect(server.services.throttle.failures('ip:127.0.0.1')).toBe(0);
  });
});

describe('email-code request caps', () => {
  it('count every request per address and globally, whatever it answers', async () => {
    const { server } = startServer({
      limits: { emailCode: { address: 4, global: 6 } },
      email: { captcha: { policy: 'never' } },
    });
    const ask = (ipAddress: string, email: string) => from(server, ipAddress).auth.requestEmailCode({ email });
    await ask('198.51.100.1', 'a@example.com');
    // Refused by the resend cooldown, yet counted: each refusal writes a row.
    for (let i = 0; i < 3; i++) expect((await errorOf(ask('198.51.100.1', 'a@example.com'))).reason).toBe('cooldown');
    expect(await errorOf(ask('198.51.100.1', 'b@example.com'))).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfter: 3600,
    });
    expect(server.services.mail!.outbox({ email: 'b@example.com' })).toHaveLength(0);
    await ask('198.51.100.2', 'c@example.com');
    await ask('198.51.100.3', 'd@example.com');
    expect((await errorOf(ask('198.51.100.4', 'e@example.com'))).code).toBe('RATE_LIMITED');
  });
});

describe('captcha request caps', () => {
  it('stop issuing images (and storing their rows) past the cap', async () => {
    const { server } = startServer({ limits: { captcha: { address: 3 } } });
    for (let i = 0; i < 3; i++) await from(server, '198.51.100.1').auth.requestCaptcha();
    const refused = await errorOf(from(server, '198.51.100.1').auth.requestCaptcha());
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 3600 });
    const { db } = server.services;
    expect(db.prepare('SELECT count(*) AS n FROM captcha_challenges').get()).toEqual({ n: 3 });
    await from(server, '198.51.100.2').auth.requestCaptcha();
  });
});
