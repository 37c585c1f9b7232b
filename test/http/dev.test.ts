// Dev mode (docs/testing.md): clock control, outbox, captcha answers, reset, seeding and settings
// over HTTP, and none of it without --dev.
import { describe, expect, it } from 'vitest';
import { codeAt, seedTotpUser } from '../helpers/totp.ts';
import { PASSWORD } from '../helpers/server.ts';
import { startHttp } from '../helpers/http.ts';

const DEV_ROUTES = [
  ['GET', '/v1/dev/outbox'],
  ['POST', '/v1/dev/clock'],
  ['POST', '/v1/dev/reset'],
  ['POST', '/v1/dev/users'],
  ['GET', '/v1/dev/captcha/cap_x'],
  ['POST', '/v1/dev/config'],
] as const;

describe('dev mode', () => {
  it('does not exist without --dev: every dev route is 404 and absent from the OpenAPI document', async () => {
    const { api } = await startHttp();
    for (const [method, path] of DEV_ROUTES) {
      const reply = await api.call(method, path, method === 'POST' ? { body: {} } : {});
      expect(reply.status, path).toBe(404);
      expect(reply.body.error.code).toBe('NOT_FOUND');
    }
    const doc = (await api.get('/openapi.json')).body;
    expect(Object.keys(doc.paths).filter((path) => path.startsWith('/v1/dev/'))).toEqual([]);
  });

  it('without --dev no captcha answer is kept anywhere but as a hash', async () => {
    const { api, server } = await startHttp({ email: { captcha: { policy: 'always' } } });
    expect(server.services.devCaptchaAnswers).toBeUndefined();
    const { captchaId } = (await api.post('/v1/auth/captcha')).body.data;
    expect((await api.get(`/v1/dev/captcha/${captchaId}`)).status).toBe(404);
  });

  it('captcha over REST: CAPTCHA_REQUIRED, a challenge, its answer from the dev route, then the code', async () => {
    const { api } = await startHttp({ email: { captcha: { policy: 'always' } } }, { dev: true });
    const email = 'ada@example.com';
    const required = await api.post('/v1/auth/email-code', { email });
    expect(required.status).toBe(400);
    expect(required.body).toEqual({
      success: false,
      error: { code: 'CAPTCHA_REQUIRED', message: 'Please solve the picture puzzle first.' },
    });

    const issued = await api.post('/v1/auth/captcha');
    expect(issued.status).toBe(200);
    expect(Object.keys(issued.body.data).sort()).toEqual(['captchaId', 'expiresIn', 'svg']);
    expect(issued.body.data).toMatchObject({ captchaId: expect.stringMatching(/^cap_/), expiresIn: 300 });
    expect(issued.body.data.svg).toMatch(/^<svg [^>]*>.*<\/svg>$/s);
    expect((await api.post('/v1/auth/captcha', { hint: true })).status).toBe(422);

    const { captchaId } = issued.body.data;
    const read = await api.get(`/v1/dev/captcha/${captchaId}`);
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual({ answer: expect.stringMatching(/^[A-Z2-9]{5}$/) });
    const sent = await api.post('/v1/auth/email-code', { email, captchaId, captchaAnswer: read.body.data.answer });
    expect(sent.status).toBe(200);
    expect((await api.get(`/v1/dev/outbox?email=${email}`)).body.data.messages).toHaveLength(1);

    // Used up: the dev route no longer knows it, and the same answer is refused.
    expect((await api.get(`/v1/dev/captcha/${captchaId}`)).status).toBe(404);
    const again = await api.post('/v1/auth/email-code', {
      email: 'bob@example.com',
      captchaId,
      captchaAnswer: read.body.data.answer,
    });
    expect(again.body.error.code).toBe('CAPTCHA_INVALID');
    expect((await api.get('/v1/dev/captcha/cap_unknown')).status).toBe(404);
  });

  it('config toggles auto-registration and the captcha policy of the running server', async () => {
    const { api } = await startHttp({}, { dev: true });
    expect((await api.post('/v1/dev/config', {})).body.data).toEqual({
      autoRegister: true,
      captchaPolicy: 'afterFailures',
    });
    const off = await api.post('/v1/dev/config', { autoRegister: false, captchaPolicy: 'always' });
    expect(off.body).toEqual({ success: true, data: { autoRegister: false, captchaPolicy: 'always' } });
    expect((await api.post('/v1/auth/email-code', { email: 'new@example.com' })).body.error.code).toBe(
      'CAPTCHA_REQUIRED',
    );

    // Captcha off again; auto-registration still off: an unknown email gets the same answer, no mail.
    await api.post('/v1/dev/config', { captchaPolicy: 'never' });
    const unknown = await api.post('/v1/auth/email-code', { email: 'new@example.com' });
    expect(unknown.body).toEqual({
      success: true,
      data: { email: 'new@example.com', expiresIn: 600, resendAfter: 60 },
    });
    expect((await api.get('/v1/dev/outbox?email=new@example.com')).body.data.messages).toEqual([]);

    // Back on: the next request mails a code, and verifying it creates the account.
    expect((await api.post('/v1/dev/config', { autoRegister: true })).body.data.autoRegister).toBe(true);
    await api.post('/v1/dev/clock', { advanceSeconds: 61 });
    expect((await api.post('/v1/auth/email-code', { email: 'new@example.com' })).status).toBe(200);
    const [mail] = (await api.get('/v1/dev/outbox?email=new@example.com')).body.data.messages;
    const verified = await api.post('/v1/auth/email-code/verify', { email: 'new@example.com', code: mail.code });
    expect(verified.body.data.user).toMatchObject({ email: 'new@example.com', hasPassword: false });

    for (const bad of [{ autoRegister: 'yes' }, { captchaPolicy: 'sometimes' }, { revealAccountState: true }]) {
      expect((await api.post('/v1/dev/config', bad)).status).toBe(422);
    }
  });

  it('moving the clock makes an access token expire (401) while the session stays refreshable', async () => {
    const { api, server } = await startHttp({}, { dev: true });
    const signedIn = await api.register();
    expect((await api.get('/v1/me', signedIn.tokens.accessToken)).status).toBe(200);
    const before = server.services.clock.now();
    const moved = await api.post('/v1/dev/clock', { advanceSeconds: 600 + 31 });
    expect(moved.status).toBe(200);
    expect(moved.body.data.now).toBe(new Date(before + 631_000).toISOString());
    expect((await api.get('/v1/me', signedIn.tokens.accessToken)).status).toBe(401);
    const refreshed = await api.post('/v1/auth/refresh', { refreshToken: signedIn.tokens.refreshToken });
    expect(refreshed.status).toBe(200);
    expect((await api.get('/v1/me', refreshed.body.data.tokens.accessToken)).status).toBe(200);
    for (const bad of [{ advanceSeconds: -5 }, { advanceSeconds: 1.5 }, {}, { advanceSeconds: 1, back: true }]) {
      expect((await api.post('/v1/dev/clock', bad)).status).toBe(422);
    }
  });

  it('seeds users (409 on a repeat); with totp: true, an enrolled authenticator whose codes sign in', async () => {
    const { api, server, clock } = await startHttp({}, { dev: true });
    const seeded = await api.post('/v1/dev/users', { email: 'kiosk@example.com', password: PASSWORD });
    expect(seeded).toMatchObject({
      status: 200,
      body: { data: { user: { email: 'kiosk@example.com', name: 'kiosk', emailVerified: true, hasPassword: true } } },
    });
    expect(seeded.body.data).not.toHaveProperty('totp');
    expect((await api.login('kiosk@example.com')).user.id).toBe(seeded.body.data.user.id);
    expect((await api.post('/v1/dev/users', { email: 'KIOSK@example.com' })).status).toBe(409);
    expect((await api.post('/v1/dev/users', { email: 'x@example.com', totp: false })).status).toBe(422);

    // The seed used the current step; seedTotpUser moves the clock so the next one signs in.
    const { seeded: withTotp, secret } = await seedTotpUser(api, clock);
    expect(withTotp.status).toBe(200);
    expect(withTotp.body.data.user.totpEnabled).toBe(true);
    expect(withTotp.body.data.totp.recoveryCodes).toHaveLength(10);
    const login = await api.post('/v1/auth/login', {
      email: 'otp@example.com',
      password: PASSWORD,
      totpCode: await codeAt(server, secret),
    });
    expect(login.body.data).toMatchObject({ requires2fa: false, session: { aal: 2 } });
    // The throwaway seeding device is gone.
    expect((await api.get('/v1/devices', login.body.data.tokens.accessToken)).body.data).toHaveLength(1);
  });

  it('reset empties the database but keeps the signing keys', async () => {
    const { api, server } = await startHttp({}, { dev: true });
    const signedIn = await api.register();
    const keys = (await api.get('/.well-known/jwks.json')).body;
    const reset = await api.post('/v1/dev/reset');
    expect(reset.status).toBe(200);
    expect(reset.body.data.tables).toEqual(expect.arrayContaining(['users', 'sessions', 'audit_events', 'throttles']));
    expect(reset.body.data.tables).not.toContain('signing_keys');
    const { db } = server.services;
    expect(db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM audit_events').get()).toEqual({ n: 0 });
    expect((await api.get('/v1/me', signedIn.tokens.accessToken)).status).toBe(401);
    expect((await api.get('/.well-known/jwks.json')).body).toEqual(keys);
    await api.register(); // the same email is free again
  });

  it('outbox: messages newest first with their codes, filtered by email; EMAIL_NOT_CONFIGURED without mail', async () => {
    const { api } = await startHttp({}, { dev: true });
    await api.post('/v1/auth/email-code', { email: 'a@example.com' });
    await api.post('/v1/auth/email-code', { email: 'b@example.com' });
    const all = await api.get('/v1/dev/outbox');
    expect(all.status).toBe(200);
    expect(all.body.data.messages.map((m: { to: string }) => m.to)).toEqual(['b@example.com', 'a@example.com']);
    const one = await api.get('/v1/dev/outbox?email=a@example.com');
    expect(one.body.data.messages).toHaveLength(1);
    const [message] = one.body.data.messages;
    expect(Object.keys(message).sort()).toEqual(['code', 'createdAt', 'link', 'purpose', 'subject', 'text', 'to']);
    expect(message.code).toMatch(/^\d{6}$/);
    expect(message.purpose).toBe('login');
    expect(message.text).toContain(message.code);
    expect((await api.get('/v1/dev/outbox?email=nope')).status).toBe(422);

    const noMail = await startHttp({ email: { transport: 'none' } }, { dev: true });
    const none = await noMail.api.get('/v1/dev/outbox');
    expect(none.status).toBe(503);
    expect(none.body.error.code).toBe('EMAIL_NOT_CONFIGURED');
  });

  it('email code via the dev outbox; moving the clock makes a code expire', async () => {
    const { api } = await startHttp({}, { dev: true });
    await api.post('/v1/dev/users', { email: 'ada@example.com' });
    expect((await api.post('/v1/auth/email-code', { email: 'ada@example.com' })).status).toBe(200);
    expect((await api.post('/v1/auth/email-code', { email: 'ada@example.com' })).status).toBe(429);
    const code = (await api.get('/v1/dev/outbox?email=ada@example.com')).body.data.messages[0].code as string;
    const verified = await api.post('/v1/auth/email-code/verify', { email: 'ada@example.com', code });
    expect(verified.status).toBe(200);

    await api.post('/v1/dev/clock', { advanceSeconds: 61 });
    expect((await api.post('/v1/auth/email-code', { email: 'ada@example.com' })).status).toBe(200);
    const late = (await api.get('/v1/dev/outbox?email=ada@example.com')).body.data.messages[0].code as string;
    await api.post('/v1/dev/clock', { advanceSeconds: 10 * 60 + 1 });
    const expired = await api.post('/v1/auth/email-code/verify', { email: 'ada@example.com', code: late });
    expect(expired.status).toBe(400);
    expect(expired.body.error.code).toBe('CODE_INVALID');
  });
});
