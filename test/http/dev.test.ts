// Dev mode (DESIGN.md §7): clock control, outbox, reset and seeding over HTTP, and none of it
// without --dev.
import { describe, expect, it } from 'vitest';
import { decodeBase32 } from '../../main/server/totp/totp-code.ts';
import { codeAt, STEP_MS } from '../helpers/totp.ts';
import { PASSWORD } from '../helpers/server.ts';
import { startHttp } from '../helpers/http.ts';

const DEV_ROUTES = [
  ['GET', '/v1/dev/outbox'],
  ['POST', '/v1/dev/clock'],
  ['POST', '/v1/dev/reset'],
  ['POST', '/v1/dev/users'],
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

    const withTotp = await api.post('/v1/dev/users', { email: 'otp@example.com', password: PASSWORD, totp: true });
    expect(withTotp.status).toBe(200);
    expect(withTotp.body.data.user.totpEnabled).toBe(true);
    expect(withTotp.body.data.totp.recoveryCodes).toHaveLength(10);
    const secret = decodeBase32(withTotp.body.data.totp.secret);
    // The seed used the current step; the next one signs in.
    clock.advance(STEP_MS);
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
    expect(Object.keys(message).sort()).toEqual(['code', 'createdAt', 'subject', 'text', 'to']);
    expect(message.code).toMatch(/^\d{6}$/);
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
