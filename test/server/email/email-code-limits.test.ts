// Every email-code limit against a fake clock (docs/security.md R10, R13): resend
// cooldown, expiry, wrong tries per code, the per-email budget across codes, hourly send caps, and
// all of it surviving a restart.
import { describe, expect, it } from 'vitest';
import { errorOf, startServer } from '../../helpers/server.ts';
import { HOUR, MINUTE, SECOND, lastCode, wrongCode } from '../../helpers/email.ts';
import type { AuthServer } from '../../../main/server/server.ts';

const NO_CAPTCHA = { email: { captcha: { policy: 'never' as const } } };
const EMAIL = 'ada@example.com';

const request = (server: AuthServer, email = EMAIL, ipAddress?: string) =>
  server.caller(ipAddress ? { ipAddress } : {}).auth.requestEmailCode({ email });
const verify = (server: AuthServer, code: string, email = EMAIL) =>
  server.caller().auth.verifyEmailCode({ email, code });

describe('resend cooldown', () => {
  it('refuses a new code at 59 s with retryAfter and sends one at 61 s', async () => {
    const { server, clock } = startServer(NO_CAPTCHA);
    await request(server);
    clock.advance(59 * SECOND);
    const early = await errorOf(request(server));
    expect(early).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1, reason: 'cooldown' });
    expect(server.services.mail!.outbox({ email: EMAIL })).toHaveLength(1);
    clock.advance(2 * SECOND);
    await expect(request(server)).resolves.toMatchObject({ resendAfter: 60 });
    expect(server.services.mail!.outbox({ email: EMAIL })).toHaveLength(2);
  });

  it('counts per email, whatever the capitalisation', async () => {
    const { server } = startServer(NO_CAPTCHA);
    await request(server, 'Ada@Example.com');
    expect((await errorOf(request(server, 'ada@EXAMPLE.com'))).code).toBe('RATE_LIMITED');
    await expect(request(server, 'bob@example.com')).resolves.toBeDefined();
  });
});

describe('code expiry', () => {
  it('accepts a code just before 10 minutes and refuses it at 10 minutes', async () => {
    const { server, clock } = startServer(NO_CAPTCHA);
    await request(server);
    clock.advance(10 * MINUTE - 1);
    await expect(verify(server, lastCode(server, EMAIL))).resolves.toMatchObject({ requires2fa: false });

    clock.advance(MINUTE);
    await request(server, 'bob@example.com');
    clock.advance(10 * MINUTE);
    const expired = await errorOf(verify(server, lastCode(server, 'bob@example.com'), 'bob@example.com'));
    expect(expired.code).toBe('CODE_INVALID');
  });

  it('follows a configured shorter lifetime', async () => {
    const { server, clock } = startServer({ email: { codeTtlSeconds: 120, captcha: { policy: 'never' } } });
    await expect(request(server)).resolves.toMatchObject({ expiresIn: 120 });
    clock.advance(2 * MINUTE);
    expect((await errorOf(verify(server, lastCode(server, EMAIL)))).code).toBe('CODE_INVALID');
  });
});

describe('wrong tries per code', () => {
  it('kills a code at the fifth wrong answer, so the right one then fails too', async () => {
    const { server } = startServer(NO_CAPTCHA);
    await request(server);
    const code = lastCode(server, EMAIL);
    for (let i = 0; i < 4; i++) expect((await errorOf(verify(server, wrongCode(code)))).code).toBe('CODE_INVALID');
    expect((await errorOf(verify(server, wrongCode(code)))).code).toBe('TOO_MANY_ATTEMPTS');
    const right = await errorOf(verify(server, code));
    expect(right.code).toBe('TOO_MANY_ATTEMPTS');
    expect(right.retryAfter).toBe(60);
  });

  it('lets a new code work after a dead one', async () => {
    const { server, clock } = startServer(NO_CAPTCHA);
    await request(server);
    const dead = lastCode(server, EMAIL);
    for (let i = 0; i < 5; i++) await errorOf(verify(server, wrongCode(dead)));
    clock.advance(MINUTE);
    await request(server);
    await expect(verify(server, lastCode(server, EMAIL))).resolves.toMatchObject({ requires2fa: false });
  });
});

describe('per-email failure budget across codes', () => {
  it('is not refilled by a new code and locks the email, then lets it in after the lock', async () => {
    const { server, clock } = startServer({ email: { failureBudget: 7, captcha: { policy: 'never' } } });
    await request(server);
    for (let i = 0; i < 5; i++) await errorOf(verify(server, wrongCode(lastCode(server, EMAIL))));
    clock.advance(MINUTE);
    await request(server);
    const fresh = lastCode(server, EMAIL);
    expect((await errorOf(verify(server, wrongCode(fresh)))).code).toBe('CODE_INVALID');
    // Seventh failure in all: the budget is spent and the email is locked (30 s, lockout policy).
    expect((await errorOf(verify(server, wrongCode(fresh)))).code).toBe('CODE_INVALID');
    const locked = await errorOf(verify(server, fresh));
    expect(locked).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 30, reason: 'locked' });
    expect((await errorOf(request(server, EMAIL))).code).toBe('RATE_LIMITED');
    expect(server.services.audit.list({ type: 'email_code_locked', limit: 5 })).toHaveLength(1);

    clock.advance(30 * SECOND);
    await expect(verify(server, fresh)).resolves.toMatchObject({ requires2fa: false });
    // Success clears the budget.
    expect(server.services.throttle.failures('email-code:ada@example.com')).toBe(0);
  });

  it('counts unknown emails exactly like known ones', async () => {
    const { server } = startServer({ email: { failureBudget: 2, autoRegister: false, captcha: { policy: 'never' } } });
    await request(server, 'nobody@example.com');
    await errorOf(verify(server, '000000', 'nobody@example.com'));
    await errorOf(verify(server, '000000', 'nobody@example.com'));
    expect((await errorOf(verify(server, '000000', 'nobody@example.com'))).code).toBe('RATE_LIMITED');
  });

  it('is cleared by an admin unlock', async () => {
    const { server } = startServer({ email: { failureBudget: 1, captcha: { policy: 'never' } } });
    const user = await server.adminCaller().admin.users.create({ email: EMAIL, name: 'Ada' });
    await request(server);
    await errorOf(verify(server, wrongCode(lastCode(server, EMAIL))));
    expect((await errorOf(verify(server, lastCode(server, EMAIL)))).code).toBe('RATE_LIMITED');
    await server.adminCaller().admin.users.unlock({ userId: user.id });
    await expect(verify(server, lastCode(server, EMAIL))).resolves.toMatchObject({ requires2fa: false });
  });
});

describe('hourly send caps', () => {
  it('sends at most 5 codes per email per hour', async () => {
    const { server, clock } = startServer(NO_CAPTCHA);
    for (let i = 0; i < 5; i++) {
      await request(server);
      clock.advance(MINUTE + SECOND);
    }
    const capped = await errorOf(request(server));
    expect(capped).toMatchObject({ code: 'RATE_LIMITED', reason: 'email_cap' });
    // The oldest of the five was sent 5 × 61 s ago; it leaves the hour after the rest of it.
    expect(capped.retryAfter).toBe(3600 - 5 * 61);
    expect(server.services.mail!.outbox({ email: EMAIL })).toHaveLength(5);
    clock.advance(capped.retryAfter! * SECOND);
    await expect(request(server)).resolves.toBeDefined();
  });

  it('sends at most the configured number of codes per address per hour, across emails', async () => {
    const { server, clock } = startServer({ email: { maxSendsPerAddressPerHour: 3, captcha: { policy: 'never' } } });
    for (let i = 0; i < 3; i++) await request(server, `user${i}@example.com`, '198.51.100.4');
    const capped = await errorOf(request(server, 'user3@example.com', '198.51.100.4'));
    expect(capped).toMatchObject({ code: 'RATE_LIMITED', reason: 'address_cap', retryAfter: 3600 });
    // Another address is not affected; the capped one is free again an hour later.
    await expect(request(server, 'user3@example.com', '198.51.100.5')).resolves.toBeDefined();
    clock.advance(HOUR);
    await expect(request(server, 'user4@example.com', '198.51.100.4')).resolves.toBeDefined();
  });
});

describe('limits live in SQLite', () => {
  it('keeps cooldown, wrong tries, budget and lock across a restart', async () => {
    const test = startServer({ email: { failureBudget: 5, captcha: { policy: 'never' } } }, { file: true });
    await request(test.server);
    const code = lastCode(test.server, EMAIL);
    for (let i = 0; i < 3; i++) await errorOf(verify(test.server, wrongCode(code)));

    let server = await test.restart();
    expect((await errorOf(request(server))).code).toBe('RATE_LIMITED');
    await errorOf(verify(server, wrongCode(code)));
    // The fifth wrong answer uses the code up and reaches the budget: the email is locked.
    expect((await errorOf(verify(server, wrongCode(code)))).code).toBe('TOO_MANY_ATTEMPTS');

    server = await test.restart();
    expect(await errorOf(verify(server, code))).toMatchObject({ code: 'RATE_LIMITED', reason: 'locked' });
    test.clock.advance(MINUTE);
    server = await test.restart();
    await request(server);
    await expect(verify(server, lastCode(server, EMAIL))).resolves.toMatchObject({ requires2fa: false });
  });
});
