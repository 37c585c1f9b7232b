// The REST facade's sign-up and sign-in flows end to end over real HTTP:
// envelopes, statuses, device facts from body and headers, ISO expiries, rotation and reuse.
import { describe, expect, it } from 'vitest';
import { errorOf, PASSWORD } from '../helpers/server.ts';
import { startHttp, emailProbe } from '../helpers/http.ts';
import { lastCode, wrongCode } from '../helpers/email.ts';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('REST auth routes', () => {
  it('registers once, then answers 409 CONFLICT in the envelope', async () => {
    const { api } = await startHttp();
    const body = { email: 'ada@example.com', password: PASSWORD, name: 'Ada' };
    const first = await api.post('/v1/auth/register', body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      success: true,
      data: { requires2fa: false, user: { email: 'ada@example.com' } },
    });
    const again = await api.post('/v1/auth/register', { ...body, email: 'ADA@example.com' });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      success: false,
      error: { code: 'CONFLICT', message: 'An account with this email already exists.' },
    });
  });

  it('answers 422 with a message per field, in Chinese when asked', async () => {
    const { api } = await startHttp();
    const reply = await api.call('POST', '/v1/auth/register', {
      body: { email: 'not-an-email', password: '', name: 'A', role: 'admin' },
      headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.success).toBe(false);
    expect(reply.body.error).toMatchObject({ code: 'VALIDATION_ERROR', message: '输入校验失败。' });
    expect(Object.keys(reply.body.error.details).sort()).toEqual(['email', 'password', 'role']);
    expect(reply.body.error).not.toHaveProperty('reason');
  });

  it('signs in with device fields from the body and headers; tokens carry ISO expiries', async () => {
    const { api } = await startHttp();
    await api.register();
    const reply = await api.call('POST', '/v1/auth/login', {
      body: {
        email: 'ada@example.com',
        password: PASSWORD,
        device: { id: 'phone-1', platform: 'ios', name: 'iPhone 15 Pro', pushToken: 'fcm-token' },
      },
      headers: {
        'x-device-os-version': '17.4',
        'x-device-name': 'ignored: the body wins',
        'user-agent': 'LatchkeyTest/1.0',
      },
    });
    expect(reply.status).toBe(200);
    const data = reply.body.data;
    expect(data.device).toMatchObject({
      id: 'phone-1',
      platform: 'ios',
      name: 'iPhone 15 Pro',
      osVersion: '17.4',
      userAgent: 'LatchkeyTest/1.0',
      ipAddress: '127.0.0.1',
      current: true,
    });
    expect(data.tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 600 });
    expect(data.tokens.accessTokenExpiresAt).toMatch(ISO);
    expect(data.tokens.refreshTokenExpiresAt).toMatch(ISO);
    expect(data.session.expiresAt).toMatch(ISO);
  });

  it('takes the device from X-Device-* headers alone, and rejects a bad header value', async () => {
    const { api } = await startHttp();
    await api.register();
    const reply = await api.call('POST', '/v1/auth/login', {
      body: { email: 'ada@example.com', password: PASSWORD },
      headers: { 'x-device-id': 'tablet-9', 'x-device-platform': 'android', 'accept-language': 'zh' },
    });
    expect(reply.body.data.device).toMatchObject({ id: 'tablet-9', platform: 'android' });
    const bad = await api.call('POST', '/v1/auth/login', {
      body: { email: 'ada@example.com', password: PASSWORD },
      headers: { 'x-device-platform': 'amiga' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toHaveProperty(['headers.x-device-platform']);
  });

  it('answers INVALID_CREDENTIALS 401, then RATE_LIMITED 429 with Retry-After', async () => {
    const { api } = await startHttp({ lockout: { threshold: 2 } });
    await api.register();
    const wrong = { email: 'ada@example.com', password: 'wrong password entirely' };
    const first = await api.post('/v1/auth/login', wrong);
    expect(first.status).toBe(401);
    expect(first.body.error.code).toBe('INVALID_CREDENTIALS');
    await api.post('/v1/auth/login', wrong);
    const limited = await api.post('/v1/auth/login', { email: 'ada@example.com', password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(limited.body.error.retryAfter).toBeGreaterThan(0);
    expect(limited.headers.get('retry-after')).toBe(String(Math.ceil(limited.body.error.retryAfter)));
  });

  it('rotates refresh tokens; replaying a used one revokes the session (401 REFRESH_TOKEN_REUSED)', async () => {
    const { api } = await startHttp();
    const signedIn = await api.register();
    const rotated = await api.post('/v1/auth/refresh', { refreshToken: signedIn.tokens.refreshToken });
    expect(rotated.status).toBe(200);
    expect(rotated.body.data.tokens.refreshToken).not.toBe(signedIn.tokens.refreshToken);
    expect(rotated.body.data.session.id).toBe(signedIn.session.id);
    const replay = await api.post('/v1/auth/refresh', { refreshToken: signedIn.tokens.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('REFRESH_TOKEN_REUSED');
    // The whole family is dead: the successor and its access token too.
    const successor = await api.post('/v1/auth/refresh', { refreshToken: rotated.body.data.tokens.refreshToken });
    expect(successor.status).toBe(401);
    expect((await api.get('/v1/me', rotated.body.data.tokens.accessToken)).status).toBe(401);
  });

  it('logs out: the access token stops working at once', async () => {
    const { api } = await startHttp();
    const signedIn = await api.register();
    const token = signedIn.tokens.accessToken;
    const out = await api.post('/v1/auth/logout', undefined, token);
    expect(out).toMatchObject({ status: 200, body: { success: true, data: { revokedSessions: 1 } } });
    const after = await api.post('/v1/auth/logout', undefined, token);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('UNAUTHORIZED');
    const withFields = await api.post('/v1/auth/logout', { everywhere: true }, token);
    expect(withFields.status).toBe(422);
  });

  it('email code: a known and an unknown email get byte-identical answers (status, headers, body)', async () => {
    for (const autoRegister of [true, false]) {
      const { api, url, server } = await startHttp({ email: { autoRegister } });
      await api.register('ada@example.com');
      // Same length, so even Content-Length cannot tell them apart; the body differs only by the echo.
      const known = 'ada@example.com';
      const unknown = 'eve@example.com';
      const answer = (email: string) => emailProbe(url, '/v1/auth/email-code', email);
      const first = [await answer(known), await answer(unknown)];
      expect(first[0]!.status).toBe(200);
      expect(first[1]).toEqual(first[0]);
      const repeated = [await answer(known), await answer(unknown)];
      expect(repeated[0]).toMatchObject({ status: 429, headers: { 'retry-after': '60' } });
      expect(repeated[1]).toEqual(repeated[0]);
      // Only the mail differs: the known address got one; the unknown one too only with auto-registration.
      expect(lastCode(server, known)).toMatch(/^\d{6}$/);
      expect(server.services.mail!.outbox({ email: unknown })).toHaveLength(autoRegister ? 1 : 0);
    }
  });

  it('email-code limits are the server’s: a code asked over IPC makes REST answer 429, and back', async () => {
    const { api, server, clock } = await startHttp();
    const ipc = server.caller({ transport: 'ipc', locale: 'en', device: { id: 'kiosk-1', platform: 'linux' } });
    await ipc.auth.requestEmailCode({ email: 'ada@example.com' });
    clock.advance(15_000);
    const limited = await api.post('/v1/auth/email-code', { email: 'ADA@example.com' });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      success: false,
      error: { code: 'RATE_LIMITED', message: 'Too many attempts. Please try again later.', retryAfter: 45 },
    });
    expect(limited.headers.get('retry-after')).toBe('45');

    clock.advance(45_000);
    expect((await api.post('/v1/auth/email-code', { email: 'ada@example.com' })).status).toBe(200);
    const refused = await errorOf(ipc.auth.requestEmailCode({ email: 'ada@example.com' }));
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 60 });
  });

  it('email code: request, 429 on a quick repeat, verify, CODE_INVALID', async () => {
    const { api, server } = await startHttp();
    const requested = await api.post('/v1/auth/email-code', { email: 'ada@example.com' });
    expect(requested.status).toBe(200);
    expect(requested.body.data).toEqual({ email: 'ada@example.com', expiresIn: 600, resendAfter: 60 });
    const again = await api.post('/v1/auth/email-code', { email: 'ada@example.com' });
    expect(again.status).toBe(429);
    expect(again.body.error).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 60 });
    expect(again.headers.get('retry-after')).toBe('60');
    expect((await api.post('/v1/auth/email-code', { email: 'nope' })).status).toBe(422);

    const code = lastCode(server, 'ada@example.com');
    const wrong = await api.post('/v1/auth/email-code/verify', { email: 'ada@example.com', code: wrongCode(code) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('CODE_INVALID');
    const verified = await api.call('POST', '/v1/auth/email-code/verify', {
      body: { email: 'ada@example.com', code },
      headers: { 'x-device-id': 'kiosk-7', 'x-device-platform': 'linux' },
    });
    expect(verified.status).toBe(200);
    // Auto-registration: the first verified code creates a passwordless account.
    expect(verified.body.data).toMatchObject({
      requires2fa: false,
      user: { email: 'ada@example.com', hasPassword: false, emailVerified: true },
      device: { id: 'kiosk-7', platform: 'linux' },
    });
    expect(verified.body.data.tokens.accessTokenExpiresAt).toMatch(ISO);
    const reused = await api.post('/v1/auth/email-code/verify', { email: 'ada@example.com', code });
    expect(reused.status).toBe(400);
  });
});
