// Multi-step security changes commit as one transaction or not at all (docs/security.md R64): a write
// that fails part-way (here a trigger refusing one statement, as a full disk or a crash would)
// leaves no partial state. And a sign-in is logged as succeeded only once it has.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findUserByEmail } from '../../main/server/accounts/users.ts';
import { createAuthServer } from '../../main/server/server.ts';
import { accountThrottleKey } from '../../main/server/security/sign-in-throttle.ts';
import type { AuthServer } from '../../main/server/server.ts';
import { PASSWORD, as, errorOf, registerUser, startServer, tempDir } from '../helpers/server.ts';
import { lastCode } from '../helpers/email.ts';
import { codeAt, startWithTotp, expectChallenge, expectSignedIn, login, auditTypes } from '../helpers/totp.ts';

const NEW_PASSWORD = 'a brand new passphrase';

/** Makes the database refuse one kind of write, as a failure in the middle of a transaction. */
function refuse(server: AuthServer, table: string, when = '1'): () => void {
  server.services.db.exec(
    `CREATE TEMP TRIGGER refuse BEFORE INSERT ON ${table} WHEN ${when} BEGIN SELECT RAISE(ABORT, 'injected'); END`,
  );
  return () => server.services.db.exec('DROP TRIGGER refuse');
}

/**
 * The commits `action` writes to the WAL file, emptied first: every frame carries a header, and a
 * commit's last frame records the database size (docs/architecture.md#durability).
 */
async function commitsOf(server: AuthServer, action: () => Promise<unknown>): Promise<number> {
  const db = server.services.db;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma('wal_checkpoint(TRUNCATE)');
  await action();
  const wal = readFileSync(`${db.name}-wal`);
  let commits = 0;
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) if (wal.readUInt32BE(at + 4) > 0) commits++;
  return commits;
}

const passwordHash = (server: AuthServer, email = 'ada@example.com') =>
  findUserByEmail(server.services.db, email)!.password_hash;

describe('one transaction per security change (R64)', () => {
  it('changePassword: new hash, ended sessions and audit entry commit together or not at all', async () => {
    const { server } = startServer();
    const mine = await registerUser(server);
    const other = expectSignedIn(await login(server));
    const before = passwordHash(server);
    const change = () =>
      as(server, mine.tokens.accessToken).account.changePassword({
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
        revokeOtherSessions: true,
      });

    // The audit entry is the last write: refusing it must undo the hash and the revocation.
    const allow = refuse(server, 'audit_events', "NEW.type = 'password_changed'");
    expect((await errorOf(change())).code).toBe('INTERNAL');
    allow();
    expect(passwordHash(server)).toBe(before);
    expect(server.services.db.prepare('SELECT count(*) AS n FROM sessions WHERE revoked_at IS NOT NULL').get()).toEqual(
      { n: 0 },
    );
    const stillAlive = await server.caller().auth.refresh({ refreshToken: other.tokens.refreshToken });
    expect(stillAlive.session.id).toBe(other.session.id);
    expectSignedIn(await login(server)); // the old password still works

    expect(await change()).toMatchObject({ revokedSessions: 2 });
    expect(passwordHash(server)).not.toBe(before);
    expect((await errorOf(server.caller().auth.refresh({ refreshToken: stillAlive.tokens.refreshToken }))).code).toBe(
      'UNAUTHORIZED',
    );
  });

  it('setPassword: the hash and its audit entry together', async () => {
    const { server } = startServer();
    await server.caller().auth.requestEmailCode({ email: 'nopass@example.com' });
    const signedIn = expectSignedIn(
      await server.caller().auth.verifyEmailCode({
        email: 'nopass@example.com',
        code: lastCode(server, 'nopass@example.com'),
      }),
    );
    const allow = refuse(server, 'audit_events', "NEW.type = 'password_set'");
    const set = () => as(server, signedIn.tokens.accessToken).account.setPassword({ newPassword: NEW_PASSWORD });
    expect((await errorOf(set())).code).toBe('INTERNAL');
    allow();
    expect(passwordHash(server, 'nopass@example.com')).toBeNull();
    expect(await set()).toMatchObject({ hasPassword: true });
  });

  it('register: no account without its audit record', async () => {
    const { server } = startServer();
    const allow = refuse(server, 'audit_events', "NEW.type = 'user_registered'");
    expect((await errorOf(registerUser(server))).code).toBe('INTERNAL');
    allow();
    expect(server.services.db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
    expect((await registerUser(server)).user.email).toBe('ada@example.com');
    expect(auditTypes(server)).toEqual(['user_registered', 'session_created']);
  });

  it('email code: its consumption and the session commit together, so a failed session spares the code', async () => {
    const { server } = startServer();
    const caller = server.caller();
    await caller.auth.requestEmailCode({ email: 'code@example.com' });
    const code = lastCode(server, 'code@example.com');
    const allow = refuse(server, 'sessions');
    expect((await errorOf(caller.auth.verifyEmailCode({ email: 'code@example.com', code }))).code).toBe('INTERNAL');
    allow();
    const db = server.services.db;
    expect(db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM audit_events WHERE type = 'email_code_verified'").get()).toEqual({
      n: 0,
    });
    // The same code still signs in: nothing of the failed attempt was kept.
    expectSignedIn(await caller.auth.verifyEmailCode({ email: 'code@example.com', code }));
  });

  it('second-factor challenge: no second_factor_required entry without its challenge', async () => {
    const { server } = await startWithTotp();
    const allow = refuse(server, 'second_factor_challenges');
    expect((await errorOf(login(server))).code).toBe('INTERNAL');
    allow();
    expect(auditTypes(server)).not.toContain('second_factor_required');
    expectChallenge(await login(server));
    expect(auditTypes(server).filter((type) => type === 'second_factor_required')).toHaveLength(1);
  });

  it('password sign-in: a session that cannot be written keeps the charge; the next sign-in clears it', async () => {
    const { server } = startServer();
    await registerUser(server);
    const key = accountThrottleKey('ada@example.com');
    const allow = refuse(server, 'sessions');
    expect((await errorOf(login(server))).code).toBe('INTERNAL');
    allow();
    expect(server.services.throttle.failures(key)).toBe(1);
    expect(auditTypes(server)).not.toContain('login_succeeded');
    expectSignedIn(await login(server));
    expect(server.services.throttle.failures(key)).toBe(0);
  });

  it('admin users.create: no account without its audit record', async () => {
    const { server } = startServer();
    const allow = refuse(server, 'audit_events', "NEW.type = 'user_created'");
    const create = () => server.adminCaller().admin.users.create({ email: 'kiosk@example.com', name: 'Kiosk' });
    expect((await errorOf(create())).code).toBe('INTERNAL');
    allow();
    expect(server.services.db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
    await create();
  });

  it('rehash on sign-in: the upgraded hash and its audit entry together', async () => {
    const database = join(tempDir(), 'auth.db');
    const weak = createAuthServer({ database, password: { memoryKiB: 1024, passes: 1 } });
    await registerUser(weak);
    const before = passwordHash(weak);
    await weak.close();
    const strong = createAuthServer({ database, password: { memoryKiB: 1024, passes: 2 } });
    try {
      const allow = refuse(strong, 'audit_events', "NEW.type = 'password_rehashed'");
      expect((await errorOf(login(strong))).code).toBe('INTERNAL');
      allow();
      expect(passwordHash(strong)).toBe(before);
      expectSignedIn(await login(strong));
      expect(passwordHash(strong)).toContain('m=1024,t=2');
    } finally {
      await strong.close();
    }
  });
});

describe('commits per sign-in', () => {
  // Signed in once before counting: the device is known (no new-device notice) and the signing
  // key exists.
  const device = { id: 'laptop' };
  const noThrottles = (server: AuthServer) =>
    expect(server.services.db.prepare('SELECT count(*) AS n FROM throttles').get()).toEqual({ n: 0 });

  it('password: the charge before the hash, then one commit for its refund, the session and the end of the streak', async () => {
    const { server } = startServer({}, { file: true });
    await registerUser(server);
    expectSignedIn(await login(server, 'ada@example.com', { device }));
    expect(
      await commitsOf(server, async () => expectSignedIn(await login(server, 'ada@example.com', { device }))),
    ).toBe(2);
    noThrottles(server);
  });

  it('password with a second factor due: the charge, then its refund with the first step, then the challenge', async () => {
    const { server } = await startWithTotp({}, { file: true });
    expectChallenge(await login(server, 'ada@example.com', { device }));
    expect(
      await commitsOf(server, async () => expectChallenge(await login(server, 'ada@example.com', { device }))),
    ).toBe(3);
    noThrottles(server);
  });

  it('email code: one commit', async () => {
    const { server } = startServer({}, { file: true });
    await registerUser(server);
    const caller = server.caller();
    await caller.auth.requestEmailCode({ email: 'code@example.com' });
    const code = lastCode(server, 'code@example.com');
    const verify = async () => expectSignedIn(await caller.auth.verifyEmailCode({ email: 'code@example.com', code }));
    expect(await commitsOf(server, verify)).toBe(1);
  });
});

describe('sign-in audit with a second factor', () => {
  it('logs first_factor_succeeded at the password, login_succeeded only when the session opens', async () => {
    const { server, user, secret } = await startWithTotp();
    const since = auditTypes(server).length;
    const { token } = expectChallenge(await login(server));
    await errorOf(server.caller().auth.verifySecondFactor({ challengeToken: token, code: '000000' }));
    expect(auditTypes(server).slice(since)).not.toContain('login_succeeded');
    expect(server.services.audit.list({ type: 'first_factor_succeeded', limit: 5 })).toMatchObject([
      { userId: user.id, details: { method: 'password' } },
    ]);
    await server.caller().auth.verifySecondFactor({ challengeToken: token, code: await codeAt(server, secret, 1) });
    expect(server.services.audit.list({ type: 'login_succeeded', limit: 1 })).toMatchObject([
      { userId: user.id, details: { method: 'password', secondFactor: 'totp' } },
    ]);
    expect(auditTypes(server).slice(-2)).toEqual(['login_succeeded', 'session_created']);
  });

  it('does the same for an email code, and for a code sent along with the password', async () => {
    const { server, clock, secret } = await startWithTotp();
    await server.caller().auth.requestEmailCode({ email: 'ada@example.com' });
    const since = auditTypes(server).length;
    expectChallenge(
      await server
        .caller()
        .auth.verifyEmailCode({ email: 'ada@example.com', code: lastCode(server, 'ada@example.com') }),
    );
    expect(auditTypes(server).slice(since)).toEqual([
      'email_code_verified',
      'email_verified',
      'first_factor_succeeded',
      'second_factor_required',
    ]);
    clock.advance(30_000);
    expectSignedIn(await login(server, undefined, { totpCode: await codeAt(server, secret) }));
    expect(auditTypes(server).slice(-4)).toEqual([
      'first_factor_succeeded',
      'second_factor_verified',
      'login_succeeded',
      'session_created',
    ]);
  });
});
