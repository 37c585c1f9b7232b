// Forgot password over REST on a real server and a real SQLite file: enumeration-safe requests,
// codes shared with sign-in codes' limits, and a confirm that ends every old session.
import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startHttp, type Api, emailProbe } from '../helpers/http.ts';
import { lastCode, lastMail, wrongCode } from '../helpers/email.ts';
import { PASSWORD } from '../helpers/server.ts';
import { auditTypes, codeAt, enrollTotp } from '../helpers/totp.ts';

const NEW_PASSWORD = 'violet staircase humming quietly';

const confirm = (api: Api, body: Record<string, unknown>) => api.post('/v1/auth/password-reset/confirm', body);

describe('REST password reset', () => {
  it('known, unknown and passwordless emails get byte-identical answers; only the known one gets mail', async () => {
    const { api, url, server } = await startHttp({}, { file: true });
    await api.register('ada@example.com');
    await server
      .adminCaller()
      .admin.users.create({ email: 'bob@example.com', name: 'Bob', role: 'user', emailVerified: true });
    // Same length, so even Content-Length cannot tell them apart; the body differs only by the echo.
    const answer = (email: string) => emailProbe(url, '/v1/auth/password-reset', email);
    const emails = ['ada@example.com', 'eve@example.com', 'bob@example.com'];
    const first = [];
    for (const email of emails) first.push(await answer(email));
    expect(first[0]!.status).toBe(200);
    expect(JSON.parse(first[0]!.body)).toEqual({
      success: true,
      data: { email: 'EMAIL', expiresIn: 600, resendAfter: 60 },
    });
    expect(first[1]).toEqual(first[0]);
    expect(first[2]).toEqual(first[0]);
    // The same answer as a sign-in code request, byte for byte (on a fresh address).
    const signInCode = await fetch(`${url}/v1/auth/email-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'amy@example.com' }),
    });
    expect((await signInCode.text()).replaceAll('amy@example.com', 'EMAIL')).toBe(first[0]!.body);

    const repeated = [];
    for (const email of emails) repeated.push(await answer(email));
    expect(repeated[0]).toMatchObject({ status: 429, headers: { 'retry-after': '60' } });
    expect(repeated[1]).toEqual(repeated[0]);
    expect(repeated[2]).toEqual(repeated[0]);

    expect(lastMail(server, 'ada@example.com')?.subject).toBe('Reset your Latchkey password');
    expect(server.services.mail!.outbox({ email: 'eve@example.com' })).toHaveLength(0);
    expect(server.services.mail!.outbox({ email: 'bob@example.com' })).toHaveLength(0);
    // A code stored for an address nobody was told about opens nothing.
    const guess = await confirm(api, { email: 'eve@example.com', code: '000000', newPassword: NEW_PASSWORD });
    expect([guess.status, guess.body.error.code]).toEqual([400, 'CODE_INVALID']);
  });

  it('a reset ends every old session and refresh token, forgets trusted devices, notifies and signs in', async () => {
    const { api, server } = await startHttp({}, { file: true });
    const first = await api.register('ada@example.com');
    const second = await api.login('ada@example.com');
    server.services.db
      .prepare('UPDATE devices SET trusted_until = ?, trust_token_hash = ?')
      .run(server.services.clock.now() + 86_400_000, Buffer.alloc(32, 1));
    expect((await api.get('/v1/me', first.tokens.accessToken)).status).toBe(200);

    expect((await api.post('/v1/auth/password-reset', { email: 'ada@example.com' })).status).toBe(200);
    const code = lastCode(server, 'ada@example.com');
    const reset = await api.call('POST', '/v1/auth/password-reset/confirm', {
      body: { email: 'ada@example.com', code, newPassword: NEW_PASSWORD },
      headers: { 'x-device-id': 'kiosk-9', 'x-device-platform': 'linux' },
    });
    expect(reset.status).toBe(200);
    expect(reset.body.data).toMatchObject({
      requires2fa: false,
      user: { email: 'ada@example.com', hasPassword: true },
      device: { id: 'kiosk-9' },
    });

    for (const old of [first, second]) {
      const me = await api.get('/v1/me', old.tokens.accessToken);
      expect([me.status, me.body.error.code]).toEqual([401, 'UNAUTHORIZED']);
      const refreshed = await api.post('/v1/auth/refresh', { refreshToken: old.tokens.refreshToken });
      expect(refreshed.status).toBe(401);
    }
    expect((await api.get('/v1/me', reset.body.data.tokens.accessToken)).status).toBe(200);
    const trusted = server.services.db
      .prepare('SELECT COUNT(*) AS n FROM devices WHERE trusted_until IS NOT NULL OR trust_token_hash IS NOT NULL')
      .get() as { n: number };
    expect(trusted.n).toBe(0);
    const revoked = server.services.db
      .prepare("SELECT COUNT(*) AS n FROM sessions WHERE revoke_reason = 'password_reset'")
      .get() as { n: number };
    expect(revoked.n).toBe(2);

    expect(lastMail(server, 'ada@example.com')).toMatchObject({ subject: 'Your password was reset', code: null });
    expect(auditTypes(server, 'password_reset')).toEqual(['password_reset']);
    // The old password is gone, the new one works.
    const oldLogin = await api.post('/v1/auth/login', { email: 'ada@example.com', password: PASSWORD });
    expect(oldLogin.status).toBe(401);
    expect((await api.post('/v1/auth/login', { email: 'ada@example.com', password: NEW_PASSWORD })).status).toBe(200);

    // Single use.
    const again = await confirm(api, { email: 'ada@example.com', code, newPassword: NEW_PASSWORD });
    expect([again.status, again.body.error.code]).toEqual([400, 'CODE_INVALID']);
  });

  it('a TOTP user is asked for the second factor after the reset', async () => {
    const { api, server, clock } = await startHttp();
    const signedIn = await api.register('ada@example.com');
    const { secret } = await enrollTotp(server, signedIn.tokens.accessToken);
    await api.post('/v1/auth/password-reset', { email: 'ada@example.com' });
    const reset = await confirm(api, {
      email: 'ada@example.com',
      code: lastCode(server, 'ada@example.com'),
      newPassword: NEW_PASSWORD,
    });
    expect(reset.status).toBe(200);
    expect(reset.body.data).toMatchObject({ requires2fa: true });
    expect(reset.body.data.tokens).toBeUndefined();
    // The password changed and the old session ended all the same.
    expect((await api.get('/v1/me', signedIn.tokens.accessToken)).status).toBe(401);
    clock.advance(30_000);
    const second = await api.post('/v1/auth/2fa', {
      challengeToken: reset.body.data.challenge.token,
      code: await codeAt(server, secret),
    });
    expect(second.status).toBe(200);
    expect(second.body.data.user.email).toBe('ada@example.com');
  });

  it('codes: stored hashed, expire on the clock, five tries, a new one voids the old', async () => {
    const { api, server, clock } = await startHttp({}, { file: true });
    await api.register('ada@example.com');
    await api.post('/v1/auth/password-reset', { email: 'ada@example.com' });
    const expiring = lastCode(server, 'ada@example.com');
    const database = server.config.database;
    server.services.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const file of [database, `${database}-wal`].filter(existsSync))
      expect(readFileSync(file).includes(Buffer.from(expiring))).toBe(false);

    clock.advance(600_000);
    const expired = await confirm(api, { email: 'ada@example.com', code: expiring, newPassword: NEW_PASSWORD });
    expect([expired.status, expired.body.error.code]).toEqual([400, 'CODE_INVALID']);

    await api.post('/v1/auth/password-reset', { email: 'ada@example.com' });
    const voided = lastCode(server, 'ada@example.com');
    clock.advance(60_000);
    await api.post('/v1/auth/password-reset', { email: 'ada@example.com' });
    const current = lastCode(server, 'ada@example.com');
    expect(current).not.toBe(voided);
    if (voided !== current) {
      const old = await confirm(api, { email: 'ada@example.com', code: voided, newPassword: NEW_PASSWORD });
      expect(old.body.error.code).toBe('CODE_INVALID');
    }
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const wrong = await confirm(api, {
        email: 'ada@example.com',
        code: wrongCode(current),
        newPassword: NEW_PASSWORD,
      });
      codes.push(wrong.body.error.code);
    }
    expect(codes.at(-1)).toBe('TOO_MANY_ATTEMPTS');
    const dead = await confirm(api, { email: 'ada@example.com', code: current, newPassword: NEW_PASSWORD });
    expect([dead.status, dead.body.error.code]).toEqual([429, 'TOO_MANY_ATTEMPTS']);
    expect(auditTypes(server, 'password_reset')).toEqual([]);
  });

  it('shares the send budget and cooldown with sign-in codes', async () => {
    const { api, clock } = await startHttp();
    await api.register('ada@example.com');
    expect((await api.post('/v1/auth/email-code', { email: 'ada@example.com' })).status).toBe(200);
    clock.advance(10_000);
    const limited = await api.post('/v1/auth/password-reset', { email: 'ada@example.com' });
    expect([limited.status, limited.body.error.code, limited.body.error.retryAfter]).toEqual([429, 'RATE_LIMITED', 50]);
    clock.advance(50_000);
    expect((await api.post('/v1/auth/password-reset', { email: 'ada@example.com' })).status).toBe(200);
    clock.advance(10_000);
    expect((await api.post('/v1/auth/email-code', { email: 'ada@example.com' })).status).toBe(429);
  });

  it('a weak new password is refused with the policy code and the code stays usable', async () => {
    const { api, server } = await startHttp();
    const signedIn = await api.register('ada@example.com');
    await api.post('/v1/auth/password-reset', { email: 'ada@example.com' });
    const code = lastCode(server, 'ada@example.com');
    const weak = await confirm(api, { email: 'ada@example.com', code, newPassword: 'password123' });
    expect([weak.status, weak.body.error.code]).toEqual([422, 'VALIDATION_ERROR']);
    // Nothing happened: old session alive, old password works, no audit entry.
    expect((await api.get('/v1/me', signedIn.tokens.accessToken)).status).toBe(200);
    expect(auditTypes(server, 'password_reset')).toEqual([]);
    const ok = await confirm(api, { email: 'ada@example.com', code, newPassword: NEW_PASSWORD });
    expect(ok.status).toBe(200);
  });

  it('auth.methods says passwordReset where mail can be delivered', async () => {
    const withMail = await startHttp();
    expect((await withMail.api.get('/v1/auth/methods')).body.data.passwordReset).toBe(true);
    const without = await startHttp({ email: { transport: 'none' } });
    expect((await without.api.get('/v1/auth/methods')).body.data.passwordReset).toBe(false);
    const refused = await without.api.post('/v1/auth/password-reset', { email: 'ada@example.com' });
    expect([refused.status, refused.body.error.code]).toEqual([503, 'EMAIL_NOT_CONFIGURED']);
  });
});
