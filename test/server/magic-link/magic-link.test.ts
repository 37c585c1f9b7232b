// Magic links in process (the router IPC uses): enumeration-safe answers, the app link form, one
// use, expiry on the injected clock, hashed at rest, the shared budgets, the code of the same mail,
// redirects, registration and the second factor.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorOf, registerUser, startServer } from '../../helpers/server.ts';
import { lastCode, lastMail } from '../../helpers/email.ts';
import { lastLink, lastToken } from '../../helpers/magic-link.ts';
import { auditTypes, enrollTotp } from '../../helpers/totp.ts';

const IPC = { transport: 'ipc' as const, ipAddress: undefined, device: { id: 'kiosk-1', name: 'Front desk' } };

describe('magic links in process', () => {
  it('answers known and unknown emails alike; over IPC the mail links to the app scheme', async () => {
    const { server } = startServer();
    await registerUser(server, 'ada@example.com');
    const known = await server.caller(IPC).auth.requestMagicLink({ email: 'ada@example.com' });
    const unknown = await server.caller(IPC).auth.requestMagicLink({ email: 'eve@example.com' });
    expect(JSON.stringify({ ...known, email: 'E' })).toBe(JSON.stringify({ ...unknown, email: 'E' }));
    expect(known).toEqual({ email: 'ada@example.com', expiresIn: 900, resendAfter: 60 });
    expect(lastLink(server, 'ada@example.com')).toMatch(/^latchkey:\/\/auth\/magic\?token=[\w-]{43}$/);
    // Registration is open: a link for a new email signs it up, so it is mailed too.
    expect(lastMail(server, 'eve@example.com')?.purpose).toBe('magic_link');
    expect(server.services.db.prepare('SELECT count(*) AS n FROM magic_links').get()).toEqual({ n: 2 });

    const custom = startServer({ magicLink: { linkForm: 'app', appScheme: 'acme-kiosk' } }).server;
    await registerUser(custom, 'ada@example.com');
    await custom.caller().auth.requestMagicLink({ email: 'ada@example.com' });
    expect(lastLink(custom, 'ada@example.com')).toMatch(/^acme-kiosk:\/\/auth\/magic\?token=/);
  });

  it('works once, expires on the clock and is kept only as a hash', async () => {
    const { server, clock } = startServer({}, { file: true });
    await registerUser(server, 'ada@example.com');
    await server.caller(IPC).auth.requestMagicLink({ email: 'ada@example.com' });
    const token = lastToken(server, 'ada@example.com');
    const database = server.config.database;
    server.services.db.pragma('wal_checkpoint(PASSIVE)');
    for (const file of [database, `${database}-wal`].filter(existsSync))
      expect([file, readFileSync(file).includes(Buffer.from(token))]).toEqual([file, false]);

    const first = await server.caller(IPC).auth.verifyMagicLink({ token });
    expect(first).toMatchObject({ requires2fa: false, user: { email: 'ada@example.com' }, device: { id: 'kiosk-1' } });
    expect((await errorOf(server.caller(IPC).auth.verifyMagicLink({ token }))).code).toBe('CODE_INVALID');

    clock.advance(60_000);
    await server.caller(IPC).auth.requestMagicLink({ email: 'ada@example.com' });
    const late = lastToken(server, 'ada@example.com');
    clock.advance(900_000);
    expect((await errorOf(server.caller(IPC).auth.describeMagicLink({ token: late }))).code).toBe('CODE_INVALID');
    expect((await errorOf(server.caller(IPC).auth.verifyMagicLink({ token: late }))).code).toBe('CODE_INVALID');
    expect(server.purge().magicLinks).toBe(1);
  });

  it('shares the resend cooldown with email codes, and the code of the same mail uses the link up', async () => {
    const { server, clock } = startServer();
    await registerUser(server, 'ada@example.com');
    await server.caller(IPC).auth.requestEmailCode({ email: 'ada@example.com' });
    const limited = await errorOf(server.caller(IPC).auth.requestMagicLink({ email: 'ada@example.com' }));
    expect([limited.code, limited.reason, limited.retryAfter]).toEqual(['RATE_LIMITED', 'cooldown', 60]);
    expect(auditTypes(server, 'magic_link_throttled')).toEqual(['magic_link_throttled']);
    clock.advance(60_000);
    await server.caller(IPC).auth.requestMagicLink({ email: 'ada@example.com' });
    const token = lastToken(server, 'ada@example.com');
    const code = lastCode(server, 'ada@example.com');
    const byCode = await server.caller(IPC).auth.verifyEmailCode({ email: 'ada@example.com', code });
    expect(byCode.requires2fa).toBe(false);
    expect((await errorOf(server.caller(IPC).auth.verifyMagicLink({ token }))).code).toBe('CODE_INVALID');
  });

  it('a plain code request voids a live link (one sign-in mail at a time)', async () => {
    const { server, clock } = startServer();
    await registerUser(server, 'ada@example.com');
    await server.caller(IPC).auth.requestMagicLink({ email: 'ada@example.com' });
    const token = lastToken(server, 'ada@example.com');
    clock.advance(60_000);
    await server.caller(IPC).auth.requestEmailCode({ email: 'ada@example.com' });
    expect((await errorOf(server.caller(IPC).auth.verifyMagicLink({ token }))).code).toBe('CODE_INVALID');
  });

  it('refuses a foreign redirectTo with VALIDATION_ERROR before storing or sending anything', async () => {
    const { server } = startServer({ magicLink: { redirectAllowlist: ['https://app.example.com'] } });
    await registerUser(server, 'ada@example.com');
    const refused = await errorOf(
      server.caller(IPC).auth.requestMagicLink({ email: 'ada@example.com', redirectTo: 'https://evil.test/' }),
    );
    expect([refused.code, refused.reason, Object.keys(refused.details ?? {})]).toEqual([
      'VALIDATION_ERROR',
      'redirect_not_allowed',
      ['redirectTo'],
    ]);
    expect(server.services.db.prepare('SELECT count(*) AS n FROM magic_links').get()).toEqual({ n: 0 });
    expect(auditTypes(server, 'magic_link_refused')).toEqual(['magic_link_refused']);
    await server
      .caller(IPC)
      .auth.requestMagicLink({ email: 'ada@example.com', redirectTo: 'https://app.example.com/any/path' });
    const described = await server.caller(IPC).auth.describeMagicLink({ token: lastToken(server, 'ada@example.com') });
    expect(described.redirectTo).toBe('https://app.example.com/any/path');
  });

  it('refuses a path that dot segments turn into another host', async () => {
    const { server, clock } = startServer();
    await registerUser(server, 'ada@example.com');
    for (const redirectTo of ['/.//evil.test/login', '/a/..//evil.test', '/%2e//evil.test']) {
      const refused = await errorOf(server.caller(IPC).auth.requestMagicLink({ email: 'ada@example.com', redirectTo }));
      expect([redirectTo, refused.code, refused.reason]).toEqual([
        redirectTo,
        'VALIDATION_ERROR',
        'redirect_not_allowed',
      ]);
    }
    expect(server.services.db.prepare('SELECT count(*) AS n FROM magic_links').get()).toEqual({ n: 0 });
    clock.advance(60_000);
    await server.caller(IPC).auth.requestMagicLink({ email: 'ada@example.com', redirectTo: '/./account/../welcome' });
    const described = await server.caller(IPC).auth.describeMagicLink({ token: lastToken(server, 'ada@example.com') });
    expect(described.redirectTo).toBe('/welcome');
  });

  it('an unknown email gets a link only when codes would make its account; the link then makes it', async () => {
    const closed = startServer({ registration: { open: false } }).server;
    await closed.caller(IPC).auth.requestMagicLink({ email: 'new@example.com' });
    expect(lastMail(closed, 'new@example.com')).toBeUndefined();

    const { server } = startServer();
    await server.caller(IPC).auth.requestMagicLink({ email: 'new@example.com' });
    const result = await server.caller(IPC).auth.verifyMagicLink({ token: lastToken(server, 'new@example.com') });
    expect(result).toMatchObject({
      requires2fa: false,
      user: { email: 'new@example.com', emailVerified: true, hasPassword: false },
    });
  });

  it('a TOTP user gets requires2fa, and deleting the account removes its live link', async () => {
    const { server, clock } = startServer();
    const ada = await registerUser(server, 'ada@example.com');
    await enrollTotp(server, ada.tokens.accessToken);
    await server.caller(IPC).auth.requestMagicLink({ email: 'ada@example.com' });
    const result = await server.caller(IPC).auth.verifyMagicLink({ token: lastToken(server, 'ada@example.com') });
    expect(result).toMatchObject({ requires2fa: true, challenge: { methods: ['totp', 'recovery_code'] } });

    clock.advance(60_000);
    await server.caller(IPC).auth.requestMagicLink({ email: 'ada@example.com' });
    await server.adminCaller().admin.users.delete({ userId: ada.user.id });
    expect(server.services.db.prepare('SELECT count(*) AS n FROM magic_links').get()).toEqual({ n: 0 });
  });
});
