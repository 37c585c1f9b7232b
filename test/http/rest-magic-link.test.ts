// Magic-link sign-in over REST on a real server and a real SQLite file: enumeration-safe
// requests on the email-code limits, single-use hashed links on the injected clock, the code in
// the same mail, allowlisted redirects only, and the second factor still asked.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startHttp, type Api, emailProbe } from '../helpers/http.ts';
import { lastCode, lastMail } from '../helpers/email.ts';
import { lastLink, lastToken } from '../helpers/magic-link.ts';
import { auditTypes, codeAt, enrollTotp } from '../helpers/totp.ts';

const verify = (api: Api, body: Record<string, unknown>) => api.post('/v1/auth/magic-link/verify', body);
const ask = (api: Api, body: Record<string, unknown>) => api.post('/v1/auth/magic-link', body);

describe('REST magic link', () => {
  it('known, unknown and disabled emails get byte-identical answers; only the known one gets mail', async () => {
    const { url, server } = await startHttp({ registration: { open: false } }, { file: true });
    await server
      .adminCaller()
      .admin.users.create({ email: 'ada@example.com', name: 'Ada', role: 'user', emailVerified: true });
    const bob = await server
      .adminCaller()
      .admin.users.create({ email: 'bob@example.com', name: 'Bob', role: 'user', emailVerified: true });
    await server.adminCaller().admin.users.disable({ userId: bob.id });
    const answer = (email: string) => emailProbe(url, '/v1/auth/magic-link', email);
    const emails = ['ada@example.com', 'eve@example.com', 'bob@example.com'];
    const first = [];
    for (const email of emails) first.push(await answer(email));
    expect(JSON.parse(first[0]!.body)).toEqual({
      success: true,
      data: { email: 'EMAIL', expiresIn: 900, resendAfter: 60 },
    });
    expect(first[1]).toEqual(first[0]);
    expect(first[2]).toEqual(first[0]);
    const repeated = [];
    for (const email of emails) repeated.push(await answer(email));
    expect(repeated[0]).toMatchObject({ status: 429, headers: { 'retry-after': '60' } });
    expect(repeated[1]).toEqual(repeated[0]);
    expect(repeated[2]).toEqual(repeated[0]);

    const mail = lastMail(server, 'ada@example.com')!;
    expect(mail).toMatchObject({ subject: 'Your Latchkey sign-in link', purpose: 'magic_link' });
    expect(mail.code).toMatch(/^\d{6}$/);
    expect(mail.link).toMatch(new RegExp(`^${url}/auth/magic\\?token=[A-Za-z0-9_-]{43}$`));
    expect(mail.text).toContain(mail.link);
    expect(mail.text).toContain(mail.code);
    expect(server.services.mail!.outbox({ email: 'eve@example.com' })).toHaveLength(0);
    expect(server.services.mail!.outbox({ email: 'bob@example.com' })).toHaveLength(0);
    expect(auditTypes(server, 'magic_link_sent')).toEqual(['magic_link_sent']);
    expect(auditTypes(server, 'magic_link_withheld')).toEqual(['magic_link_withheld', 'magic_link_withheld']);
  });

  it('a link signs in once; the code of the same mail is used up with it', async () => {
    const { api, server } = await startHttp();
    await api.register('ada@example.com');
    expect((await ask(api, { email: 'ada@example.com' })).status).toBe(200);
    const token = lastToken(server, 'ada@example.com');
    const code = lastCode(server, 'ada@example.com');
    const signedIn = await api.call('POST', '/v1/auth/magic-link/verify', {
      body: { token },
      headers: { 'x-device-id': 'phone-7', 'x-device-platform': 'android' },
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.data).toMatchObject({
      requires2fa: false,
      user: { email: 'ada@example.com' },
      device: { id: 'phone-7', platform: 'android' },
    });
    expect((await api.get('/v1/me', signedIn.body.data.tokens.accessToken)).status).toBe(200);

    const replay = await verify(api, { token });
    expect([replay.status, replay.body.error.code]).toEqual([400, 'CODE_INVALID']);
    const byCode = await api.post('/v1/auth/email-code/verify', { email: 'ada@example.com', code });
    expect([byCode.status, byCode.body.error.code]).toEqual([400, 'CODE_INVALID']);
    expect(auditTypes(server, 'magic_link_verified')).toEqual(['magic_link_verified']);
    expect(auditTypes(server, 'magic_link_refused')).toEqual(['magic_link_refused']);
  });

  it('the code in the same mail signs in on another device and uses the link up', async () => {
    const { api, server } = await startHttp();
    await api.register('ada@example.com');
    await ask(api, { email: 'ada@example.com' });
    const token = lastToken(server, 'ada@example.com');
    const code = lastCode(server, 'ada@example.com');
    const byCode = await api.post('/v1/auth/email-code/verify', { email: 'ada@example.com', code });
    expect([byCode.status, byCode.body.data.requires2fa]).toEqual([200, false]);
    const byLink = await verify(api, { token });
    expect([byLink.status, byLink.body.error.code]).toEqual([400, 'CODE_INVALID']);
    const describe = await api.post('/v1/auth/magic-link/describe', { token });
    expect(describe.body.error.code).toBe('CODE_INVALID');
  });

  it('links are stored hashed and expire on the clock after 15 minutes', async () => {
    const { api, server, clock } = await startHttp({}, { file: true });
    await api.register('ada@example.com');
    await ask(api, { email: 'ada@example.com' });
    const token = lastToken(server, 'ada@example.com');
    const database = server.config.database;
    for (const file of [database, `${database}-wal`].filter(existsSync))
      expect(readFileSync(file).includes(Buffer.from(token))).toBe(false);
    server.services.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const file of [database, `${database}-wal`].filter(existsSync))
      expect(readFileSync(file).includes(Buffer.from(token))).toBe(false);
    const row = server.services.db.prepare('SELECT token_hash FROM magic_links').get() as { token_hash: Buffer };
    expect(row.token_hash).toHaveLength(32);

    clock.advance(899_000);
    expect((await api.post('/v1/auth/magic-link/describe', { token })).status).toBe(200);
    clock.advance(1_000);
    const expired = await verify(api, { token });
    expect([expired.status, expired.body.error.code]).toEqual([400, 'CODE_INVALID']);
    const refused = server.services.audit.list({ type: 'magic_link_refused', limit: 5 });
    expect(refused[0]!.details).toMatchObject({ step: 'verify', reason: 'expired' });
  });

  it('a new link voids the old one and its code', async () => {
    const { api, server, clock } = await startHttp();
    await api.register('ada@example.com');
    await ask(api, { email: 'ada@example.com' });
    const old = lastToken(server, 'ada@example.com');
    const oldCode = lastCode(server, 'ada@example.com');
    clock.advance(60_000);
    await ask(api, { email: 'ada@example.com' });
    const current = lastToken(server, 'ada@example.com');
    expect(current).not.toBe(old);
    expect((await verify(api, { token: old })).body.error.code).toBe('CODE_INVALID');
    if (oldCode !== lastCode(server, 'ada@example.com')) {
      const stale = await api.post('/v1/auth/email-code/verify', { email: 'ada@example.com', code: oldCode });
      expect(stale.body.error.code).toBe('CODE_INVALID');
    }
    expect((await verify(api, { token: current })).status).toBe(200);
  });

  it('shares the cooldown and the per-email and per-address budgets with email codes', async () => {
    const { api, clock } = await startHttp({ email: { maxSendsPerAddressPerHour: 3, captcha: { policy: 'never' } } });
    await api.register('ada@example.com');
    expect((await api.post('/v1/auth/email-code', { email: 'ada@example.com' })).status).toBe(200);
    clock.advance(10_000);
    const limited = await ask(api, { email: 'ada@example.com' });
    expect([limited.status, limited.body.error.code, limited.body.error.retryAfter]).toEqual([429, 'RATE_LIMITED', 50]);
    clock.advance(50_000);
    expect((await ask(api, { email: 'ada@example.com' })).status).toBe(200);
    clock.advance(10_000);
    expect((await api.post('/v1/auth/email-code', { email: 'ada@example.com' })).status).toBe(429);
    // The address has used two of its three sends: one more, then both kinds are refused.
    expect((await ask(api, { email: 'bob@example.com' })).status).toBe(200);
    const capped = await ask(api, { email: 'cy@example.com' });
    expect([capped.status, capped.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect((await api.post('/v1/auth/email-code', { email: 'dan@example.com' })).status).toBe(429);
  });

  it('redirectTo: own origin and the allowlist only, never an open redirect', async () => {
    const { api, server, url } = await startHttp({
      magicLink: { redirectAllowlist: ['https://app.example.com/welcome'] },
    });
    await api.register('ada@example.com');
    const refusals = [
      'https://evil.test/',
      '//evil.test/x',
      '/\\evil.test',
      'https://app.example.com/other',
      'https://app.example.com.evil.test/welcome',
      'https://user@app.example.com/welcome',
      'javascript:alert(1)',
      'http://app.example.com/welcome',
    ];
    for (const redirectTo of refusals) {
      const refused = await ask(api, { email: 'ada@example.com', redirectTo });
      expect([redirectTo, refused.status, refused.body.error.code, Object.keys(refused.body.error.details)]).toEqual([
        redirectTo,
        422,
        'VALIDATION_ERROR',
        ['redirectTo'],
      ]);
    }
    expect(server.services.mail!.outbox({ email: 'ada@example.com' })).toHaveLength(0);

    const accepted = ['/account?tab=devices', `${url}/home`, 'https://app.example.com/welcome/step-2'];
    for (const [i, redirectTo] of accepted.entries()) {
      const sent = await ask(api, { email: `u${i}@example.com`, redirectTo });
      expect([redirectTo, sent.status]).toEqual([redirectTo, 200]);
    }
    const known = await ask(api, { email: 'ada@example.com', redirectTo: '/account' });
    expect(known.status).toBe(200);
    const described = await api.post('/v1/auth/magic-link/describe', { token: lastToken(server, 'ada@example.com') });
    expect(described.body.data.redirectTo).toBe('/account');
  });

  it('describe shows who asked without using the link; the same browser is recognised by its nonce', async () => {
    const { api, server } = await startHttp();
    await api.register('ada@example.com');
    const nonce = 'n0nce-of-the-asking-browser';
    const asked = await api.call('POST', '/v1/auth/magic-link', {
      body: { email: 'ada@example.com', nonce },
      headers: { 'x-device-name': 'Ada laptop', 'x-device-platform': 'macos' },
    });
    expect(asked.status).toBe(200);
    const token = lastToken(server, 'ada@example.com');
    const elsewhere = await api.post('/v1/auth/magic-link/describe', { token });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.data).toEqual({
      email: 'ada@example.com',
      requestedAt: new Date(server.services.clock.now()).toISOString(),
      expiresAt: new Date(server.services.clock.now() + 900_000).toISOString(),
      device: { name: 'Ada laptop', platform: 'macos', ipAddress: '127.0.0.1' },
      sameBrowser: false,
      redirectTo: null,
    });
    const here = await api.post('/v1/auth/magic-link/describe', { token, nonce });
    expect(here.body.data.sameBrowser).toBe(true);
    const wrong = await api.post('/v1/auth/magic-link/describe', { token, nonce: 'another-browsers-nonce' });
    expect(wrong.body.data.sameBrowser).toBe(false);
    expect((await verify(api, { token })).status).toBe(200);
  });

  it('a TOTP user gets the requires2fa challenge: a link never skips the second factor', async () => {
    const { api, server, clock } = await startHttp();
    const signedIn = await api.register('ada@example.com');
    const { secret } = await enrollTotp(server, signedIn.tokens.accessToken);
    await ask(api, { email: 'ada@example.com' });
    const first = await verify(api, { token: lastToken(server, 'ada@example.com') });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ requires2fa: true });
    expect(first.body.data.tokens).toBeUndefined();
    clock.advance(30_000);
    const second = await api.post('/v1/auth/2fa', {
      challengeToken: first.body.data.challenge.token,
      code: await codeAt(server, secret),
    });
    expect([second.status, second.body.data.user.email]).toEqual([200, 'ada@example.com']);
  });

  it('auth.methods says magicLink where mail is delivered and the method is on', async () => {
    const withMail = await startHttp();
    expect((await withMail.api.get('/v1/auth/methods')).body.data.magicLink).toBe(true);
    const off = await startHttp({ magicLink: { enabled: false } });
    expect((await off.api.get('/v1/auth/methods')).body.data).toMatchObject({ magicLink: false, emailCode: true });
    const refused = await ask(off.api, { email: 'ada@example.com' });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const without = await startHttp({ email: { transport: 'none' } });
    expect((await without.api.get('/v1/auth/methods')).body.data.magicLink).toBe(false);
    const noMail = await ask(without.api, { email: 'ada@example.com' });
    expect([noMail.status, noMail.body.error.code]).toEqual([503, 'EMAIL_NOT_CONFIGURED']);
  });

  it('malformed tokens are refused by validation; the mail link carries the configured web base', async () => {
    const { api, server } = await startHttp({ magicLink: { webBaseUrl: 'https://auth.example.com/kit/' } });
    const bad = await verify(api, { token: 'short' });
    expect([bad.status, bad.body.error.code]).toEqual([422, 'VALIDATION_ERROR']);
    await api.register('ada@example.com');
    await ask(api, { email: 'ada@example.com' });
    expect(lastLink(server, 'ada@example.com')).toMatch(/^https:\/\/auth\.example\.com\/kit\/auth\/magic\?token=/);
  });
});
