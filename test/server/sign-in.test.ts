// Registration and password sign-in: the happy path, every error code, enumeration safety, equal
// work for unknown accounts, and persisted throttling (docs/security.md R7, R41–R43, R45, R47).
import { describe, expect, it } from 'vitest';
import { PASSWORD, errorOf, registerUser, startServer } from '../helpers/server.ts';

const login = (server: ReturnType<typeof startServer>['server'], email: string, password: string, extra = {}) =>
  server.caller(extra).auth.login({ email, password });

describe('registration', () => {
  it('creates the account, signs in on the device and returns the AuthResult of the contract', async () => {
    const { server, clock } = startServer();
    const result = await server.caller({ userAgent: 'test-agent', ipAddress: '127.0.0.1' }).auth.register({
      email: 'Ada@Example.com',
      password: PASSWORD,
      name: 'Ada',
      device: { id: 'phone-1', platform: 'ios', name: 'iPhone 15 Pro', pushToken: 'fcm-123' },
    });
    expect(result.requires2fa).toBe(false);
    if (result.requires2fa) return;
    expect(result.user).toEqual({
      id: 1,
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email: 'Ada@Example.com',
      name: 'Ada',
      role: 'user',
      status: 'active',
      emailVerified: false,
      hasPassword: true,
      totpEnabled: false,
      orgId: null,
      createdAt: new Date(clock.now()).toISOString(),
    });
    expect(result.device).toMatchObject({ id: 'phone-1', platform: 'ios', name: 'iPhone 15 Pro', current: true });
    expect(result.session).toMatchObject({ deviceId: 'phone-1', amr: ['pwd'], aal: 1, current: true });
    expect(result.tokens).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 600,
      accessTokenExpiresAt: new Date(clock.now() + 600_000).toISOString(),
      refreshTokenExpiresAt: new Date(clock.now() + 14 * 86_400_000).toISOString(),
    });
    expect(result.tokens.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.tokens.tokenId).toMatch(/^at_/);
  });

  it('answers CONFLICT for an email that exists, in any case', async () => {
    const { server } = startServer();
    await registerUser(server, 'ada@example.com');
    const error = await errorOf(
      server.caller().auth.register({ email: ' ADA@example.COM ', password: PASSWORD, name: 'Other' }),
    );
    expect(error.code).toBe('CONFLICT');
    expect(server.services.db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 1 });
  });

  it('rejects unknown keys (no mass assignment) and invalid fields with per-field details', async () => {
    const { server } = startServer();
    const caller = server.caller();
    const extra = await errorOf(
      caller.auth.register({ email: 'a@example.com', password: PASSWORD, name: 'A', role: 'admin' } as never),
    );
    expect(extra).toMatchObject({ code: 'VALIDATION_ERROR', details: { role: 'This field is not allowed.' } });
    const bad = await errorOf(caller.auth.register({ email: 'not-an-email', password: '', name: '' }));
    expect(bad.code).toBe('VALIDATION_ERROR');
    expect(Object.keys(bad.details!).sort()).toEqual(['email', 'name', 'password']);
    expect(bad.details!['email']).toBe('Must be a valid email address.');
    const huge = await errorOf(caller.auth.login({ email: 'a@example.com', password: 'x'.repeat(1025) }));
    expect(huge).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(server.services.hasher.stats.derivations).toBe(0);
    expect(server.services.db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
  });

  it('validates email in linear time (zod ReDoS regression, R46)', async () => {
    const { server } = startServer();
    const started = performance.now();
    await errorOf(server.caller().auth.login({ email: `${'a'.repeat(5000)}@`, password: 'x' }));
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('password sign-in', () => {
  it('signs in, opens a new session each time, and records the audit trail', async () => {
    const { server } = startServer();
    const first = await registerUser(server);
    const second = await login(server, 'ADA@example.com', PASSWORD);
    if (second.requires2fa) throw new Error('no 2fa');
    expect(second.user.id).toBe(first.user.id);
    expect(second.session.id).not.toBe(first.session.id);
    const types = server.services.audit.list({ userId: first.user.id, limit: 10 }).map((event) => event.type);
    expect(types).toEqual(['session_created', 'login_succeeded', 'session_created', 'user_registered']);
  });

  it('commits the device, audit trail, session and refresh token together, or none of them', async () => {
    const { server } = startServer();
    const { user } = await registerUser(server);
    const db = server.services.db;
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const before = { devices: count('devices'), sessions: count('sessions'), audit: count('audit_events') };
    // The refresh token is the last write of the sign-in: refusing it must roll back everything before it.
    db.exec(`CREATE TEMP TRIGGER refuse BEFORE INSERT ON refresh_tokens BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const device = { id: 'dev_atomic_000000000001', platform: 'linux' as const, name: 'Kiosk 7' };
    await expect(server.caller().auth.login({ email: user.email, password: PASSWORD, device })).rejects.toThrow();
    expect({ devices: count('devices'), sessions: count('sessions'), audit: count('audit_events') }).toEqual(before);
    db.exec('DROP TRIGGER refuse');
    const ok = await server.caller().auth.login({ email: user.email, password: PASSWORD, device });
    if (ok.requires2fa) throw new Error('no 2fa');
    expect(ok.device.id).toBe(device.id);
    expect(count('devices')).toBe(before.devices + 1);
  });

  it('answers INVALID_CREDENTIALS identically for unknown, wrong, passwordless and disabled accounts', async () => {
    const { server } = startServer();
    const ada = await registerUser(server, 'ada@example.com');
    await registerUser(server, 'off@example.com');
    await server.adminCaller().admin.users.create({ email: 'nopass@example.com', name: 'No Pass' });
    const off = server.services.db.prepare("SELECT id FROM users WHERE email = 'off@example.com'").get() as {
      id: number;
    };
    await server.adminCaller().admin.users.disable({ userId: off.id });
    const before = server.services.hasher.stats.derivations;
    const errors = [
      await errorOf(login(server, 'ghost@example.com', PASSWORD)),
      await errorOf(login(server, 'ada@example.com', 'wrong password here')),
      await errorOf(login(server, 'nopass@example.com', PASSWORD)),
      await errorOf(login(server, 'off@example.com', PASSWORD)),
    ];
    for (const error of errors) {
      expect(error).toEqual({
        code: 'INVALID_CREDENTIALS',
        message: 'The email or password you entered is incorrect.',
      });
    }
    // Equal work: exactly one derivation per attempt, known account or not (R7).
    expect(server.services.hasher.stats.derivations - before).toBe(4);
    expect(ada.user.id).toBe(1);
  });

  it('with revealAccountState gives the explicit codes', async () => {
    const { server } = startServer({ revealAccountState: true });
    await registerUser(server, 'ada@example.com');
    await server.adminCaller().admin.users.create({ email: 'nopass@example.com', name: 'No Pass' });
    await server.adminCaller().admin.users.ban({ userId: 1, reason: 'spam' });
    expect((await errorOf(login(server, 'ghost@example.com', PASSWORD))).code).toBe('USER_NOT_FOUND');
    expect((await errorOf(login(server, 'ada@example.com', 'wrong password here'))).code).toBe('INVALID_PASSWORD');
    expect((await errorOf(login(server, 'nopass@example.com', PASSWORD))).code).toBe('NO_PASSWORD_SET');
    expect((await errorOf(login(server, 'ada@example.com', PASSWORD))).code).toBe('USER_INACTIVE');
  });
});

describe('throttling', () => {
  it('locks the account after 5 failures with a doubling delay, counting known and unknown emails alike', async () => {
    for (const email of ['ada@example.com', 'ghost@example.com']) {
      const { server, clock } = startServer();
      await registerUser(server, 'ada@example.com');
      for (let i = 0; i < 5; i++) {
        expect((await errorOf(login(server, email, 'wrong password here'))).code).toBe('INVALID_CREDENTIALS');
      }
      expect(await errorOf(login(server, email, PASSWORD))).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 30 });
      // Attempts during the lock cost no derivation and do not extend it (R43).
      const derivations = server.services.hasher.stats.derivations;
      for (let i = 0; i < 20; i++) await errorOf(login(server, email, 'wrong password here'));
      expect(server.services.hasher.stats.derivations).toBe(derivations);
      clock.advance(29_000);
      expect(await errorOf(login(server, email, PASSWORD))).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1 });
      clock.advance(1_000);
      // The 6th failure doubles the delay to 60 s.
      await errorOf(login(server, email, 'wrong password here'));
      expect(await errorOf(login(server, email, PASSWORD))).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 60 });
    }
  });

  it('counts User@X.com and user@x.com as one account, and resets the count on success', async () => {
    const { server } = startServer();
    await registerUser(server, 'user@x.com');
    for (const email of ['User@X.com', 'user@X.com', 'USER@x.com', 'user@x.com']) {
      await errorOf(login(server, email, 'wrong password here'));
    }
    expect(server.services.throttle.failures('acct:user@x.com')).toBe(4);
    await login(server, 'user@x.com', PASSWORD);
    expect(server.services.throttle.failures('acct:user@x.com')).toBe(0);
  });

  it('keeps a lock across a restart, and an admin unlock lifts it', async () => {
    const test = startServer({}, { file: true });
    await registerUser(test.server, 'ada@example.com');
    for (let i = 0; i < 5; i++) await errorOf(login(test.server, 'ada@example.com', 'wrong password here'));
    const server = await test.restart();
    expect((await errorOf(login(server, 'ada@example.com', PASSWORD))).code).toBe('RATE_LIMITED');
    await server.adminCaller().admin.users.unlock({ userId: 1 });
    const result = await login(server, 'ada@example.com', PASSWORD);
    expect(result.requires2fa).toBe(false);
    expect(server.services.audit.list({ type: 'user_unlocked', limit: 5 })).toHaveLength(1);
  });

  it('throttles a source address that sprays many accounts', async () => {
    const { server } = startServer({ lockout: { sourceThreshold: 3 } });
    for (let i = 0; i < 3; i++)
      await errorOf(login(server, `u${i}@example.com`, 'wrong password', { ipAddress: '10.0.0.9' }));
    const error = await errorOf(login(server, 'fresh@example.com', 'whatever', { ipAddress: '10.0.0.9' }));
    expect(error.code).toBe('RATE_LIMITED');
    expect((await errorOf(login(server, 'fresh@example.com', 'whatever', { ipAddress: '10.0.0.8' }))).code).toBe(
      'INVALID_CREDENTIALS',
    );
  });
});
