// Dev mode (DESIGN.md §7): clock control, outbox, reset and seeding over HTTP, and none of it
// without --dev. The email-code flow runs here once the email feature provides its procedures.
import { describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../main/server/services.ts';
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

  it('seeds users, with 409 on a repeat and 422 for TOTP while that feature is absent', async () => {
    const { api, server } = await startHttp({}, { dev: true });
    const seeded = await api.post('/v1/dev/users', { email: 'kiosk@example.com', password: PASSWORD });
    expect(seeded).toMatchObject({
      status: 200,
      body: { data: { user: { email: 'kiosk@example.com', name: 'kiosk', emailVerified: true, hasPassword: true } } },
    });
    expect((await api.login('kiosk@example.com')).user.id).toBe(seeded.body.data.user.id);
    expect((await api.post('/v1/dev/users', { email: 'KIOSK@example.com' })).status).toBe(409);
    const withTotp = await api.post('/v1/dev/users', { email: 'otp@example.com', password: PASSWORD, totp: true });
    if ('totp.beginEnrollment' in (server.router._def.procedures as object)) {
      expect(withTotp.status).toBe(200);
      expect(withTotp.body.data.totp.secret).toMatch(/^[A-Z2-7]+=*$/);
      expect(withTotp.body.data.user.totpEnabled).toBe(true);
    } else {
      expect(withTotp.status).toBe(422);
      expect(withTotp.body.error.details).toHaveProperty('totp');
    }
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

  it('outbox: EMAIL_NOT_CONFIGURED without mail; otherwise the messages with their codes', async () => {
    const { api, server } = await startHttp({}, { dev: true });
    const saved = server.services.mail;
    if (!saved) {
      const none = await api.get('/v1/dev/outbox');
      expect(none.status).toBe(503);
      expect(none.body.error.code).toBe('EMAIL_NOT_CONFIGURED');
    }
    const sent: OutboxMessage[] = [
      {
        id: 2,
        to: 'b@example.com',
        subject: 'Code',
        text: 'Your code is 222222',
        code: '222222',
        createdAt: '2026-01-01T12:00:02.000Z',
        sentAt: null,
      },
      {
        id: 1,
        to: 'a@example.com',
        subject: 'Code',
        text: 'Your code is 111111',
        code: '111111',
        createdAt: '2026-01-01T12:00:01.000Z',
        sentAt: null,
      },
    ];
    server.services.mail = {
      outbox: (filter) => sent.filter((m) => !filter?.email || m.to === filter.email).slice(0, filter?.limit ?? 50),
    };
    try {
      const all = await api.get('/v1/dev/outbox');
      expect(all.body.data.messages.map((m: { code: string }) => m.code)).toEqual(['222222', '111111']);
      const one = await api.get('/v1/dev/outbox?email=a@example.com');
      expect(one.body.data).toEqual({
        messages: [
          {
            to: 'a@example.com',
            subject: 'Code',
            text: 'Your code is 111111',
            code: '111111',
            createdAt: '2026-01-01T12:00:01.000Z',
          },
        ],
      });
      expect((await api.get('/v1/dev/outbox?email=nope')).status).toBe(422);
    } finally {
      server.services.mail = saved;
    }
  });
});

describe('email-code flow over REST (once the email feature is present)', () => {
  it('requests a code, is rate limited on a second request, verifies via the outbox; a moved clock expires codes', async (context) => {
    const { api, server } = await startHttp({}, { dev: true });
    if (!('auth.requestEmailCode' in (server.router._def.procedures as object)) || !server.services.mail) {
      context.skip();
      return;
    }
    await api.post('/v1/dev/users', { email: 'ada@example.com' });
    const requested = await api.post('/v1/auth/email-code', { email: 'ada@example.com' });
    expect(requested.status).toBe(200);
    expect(requested.body.data).toMatchObject({ email: 'ada@example.com' });
    const again = await api.post('/v1/auth/email-code', { email: 'ada@example.com' });
    expect(again.status).toBe(429);
    expect(again.body.error.code).toBe('RATE_LIMITED');
    expect(again.headers.get('retry-after')).toBeTruthy();
    const outbox = await api.get('/v1/dev/outbox?email=ada@example.com');
    const code = outbox.body.data.messages[0].code as string;
    expect(code).toMatch(/^\d{6}$/);
    const verified = await api.post('/v1/auth/email-code/verify', {
      email: 'ada@example.com',
      code,
      device: { id: 'p' },
    });
    expect(verified.status).toBe(200);
    expect(verified.body.data.tokens.accessTokenExpiresAt).toMatch(/Z$/);

    await api.post('/v1/dev/clock', { advanceSeconds: 61 });
    await api.post('/v1/auth/email-code', { email: 'ada@example.com' });
    const late = (await api.get('/v1/dev/outbox?email=ada@example.com')).body.data.messages[0].code as string;
    await api.post('/v1/dev/clock', { advanceSeconds: 11 * 60 });
    const expired = await api.post('/v1/auth/email-code/verify', { email: 'ada@example.com', code: late });
    expect(expired.status).toBe(400);
    expect(expired.body.error.code).toBe('CODE_INVALID');
  });
});
