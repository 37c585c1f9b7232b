// admin.users.setEmail (docs/security.md R75): an admin gives a hijacked account its owner's
// address back. The account's locks follow it to the new address, codes and links of the old one
// stop working, a taken address is refused with nothing written, and the change is audited.
import { describe, expect, it } from 'vitest';
import { PASSWORD, as, errorOf, registerUser, startServer } from '../helpers/server.ts';
import { lastCode, lastMail } from '../helpers/email.ts';
import { auditTypes } from '../helpers/totp.ts';
import { HELD_UNTIL } from '../../main/server/security/throttle.ts';

const OWNER = 'ada@example.com';
const HIJACKER = 'mallory@example.com';

/** Ada's account, its address changed by whoever held her session, then reported by Ada. */
async function hijackedAndReported() {
  const started = startServer();
  const { server } = started;
  const { tokens, user } = await registerUser(server, OWNER);
  const caller = as(server, tokens.accessToken);
  await caller.account.requestEmailChange({ newEmail: HIJACKER });
  await caller.account.confirmEmailChange({ code: lastCode(server, HIJACKER) });
  const token = /([A-Za-z0-9_-]{43})/.exec(lastMail(server, OWNER)!.text)![1]!;
  expect(await server.caller().auth.reportEmailChange({ token })).toEqual({ locked: true });
  return { ...started, userId: user.id };
}

/** Ada with an email code outstanding and a change of address pending. */
async function withCodeAndPendingChange() {
  const { server } = startServer();
  const { tokens, user } = await registerUser(server, OWNER);
  const caller = as(server, tokens.accessToken);
  await server.caller().auth.requestEmailCode({ email: OWNER });
  const code = lastCode(server, OWNER);
  await caller.account.requestEmailChange({ newEmail: HIJACKER });
  return { server, user, caller, code };
}

const pending = (server: ReturnType<typeof startServer>['server'], userId: number, table: string) =>
  (server.services.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE user_id = ?`).get(userId) as { n: number }).n;

const throttleRows = (server: ReturnType<typeof startServer>['server']) =>
  server.services.db.prepare('SELECT key, locked_until FROM throttles ORDER BY key').all();

describe('admin.users.setEmail', () => {
  it("gives a reported account its owner's address back; the hold follows it until an unlock", async () => {
    const { server, userId } = await hijackedAndReported();
    const admin = server.adminCaller().admin.users;

    const restored = await admin.setEmail({ userId, email: ` ${OWNER.toUpperCase()} `, emailVerified: true });
    expect(restored).toMatchObject({ id: userId, email: OWNER.toUpperCase(), emailVerified: true });
    // The owner hears of it at the restored address (a notice, no code).
    expect(lastMail(server, OWNER)).toMatchObject({
      subject: 'Your account’s email address was changed',
      code: null,
    });

    // Still held, now under the owner's address; the hijacker's address is no account and no lock.
    expect(throttleRows(server)).toEqual([
      { key: `2fa:${userId}`, locked_until: HELD_UNTIL },
      { key: `acct:${OWNER}`, locked_until: HELD_UNTIL },
      { key: `email-code:${OWNER}`, locked_until: HELD_UNTIL },
    ]);
    expect((await errorOf(server.caller().auth.login({ email: OWNER, password: PASSWORD }))).code).toBe('RATE_LIMITED');
    expect((await errorOf(server.caller().auth.login({ email: HIJACKER, password: PASSWORD }))).code).toBe(
      'INVALID_CREDENTIALS',
    );

    await admin.unlock({ userId });
    const signedIn = await server.caller().auth.login({ email: OWNER, password: PASSWORD });
    expect(signedIn).toMatchObject({ requires2fa: false, user: { id: userId } });
    expect(auditTypes(server)).toContain('user_email_set');
    const entry = server.services.audit.list({ type: 'user_email_set', limit: 1 })[0]!;
    expect(entry).toMatchObject({ userId, details: { by: 'internal' } });
    // The audit row names no address.
    expect(JSON.stringify(entry)).not.toContain('example.com');
  });

  it('voids the codes and links of the old address, a pending change and earlier report links', async () => {
    const { server, user, caller, code } = await withCodeAndPendingChange();

    await server.adminCaller().admin.users.setEmail({ userId: user.id, email: 'ada@elsewhere.example' });

    expect(pending(server, user.id, 'email_changes')).toBe(0);
    expect(pending(server, user.id, 'email_change_reports')).toBe(0);
    expect((await errorOf(server.caller().auth.verifyEmailCode({ email: OWNER, code }))).code).toBe('CODE_INVALID');
    // Not verified unless the admin says so.
    expect(await caller.account.me()).toMatchObject({ email: 'ada@elsewhere.example', emailVerified: false });
    await server.caller().auth.login({ email: 'ada@elsewhere.example', password: PASSWORD });
  });

  it('only respells an address in place: its codes, a pending change and the counters stay', async () => {
    const { server, user, code } = await withCodeAndPendingChange();
    await errorOf(server.caller().auth.login({ email: OWNER, password: 'not the password' }));

    const admin = server.adminCaller().admin.users;
    expect(await admin.setEmail({ userId: user.id, email: OWNER, emailVerified: true })).toMatchObject({
      emailVerified: true,
    });
    // Left out, `emailVerified` keeps the mark of an address only respelled.
    const respelled = await admin.setEmail({ userId: user.id, email: 'Ada@Example.com' });
    expect(respelled).toMatchObject({ email: 'Ada@Example.com', emailVerified: true });
    expect(pending(server, user.id, 'email_changes')).toBe(1);
    expect(server.services.throttle.failures(`acct:${OWNER}`)).toBe(1);
    await server.caller().auth.verifyEmailCode({ email: OWNER, code });
  });

  it('refuses a taken address with CONFLICT and writes nothing; unknown users are NOT_FOUND', async () => {
    const { server } = startServer();
    const { user } = await registerUser(server, OWNER);
    await registerUser(server, 'bob@example.com');
    const before = server.services.db.prepare('SELECT * FROM users WHERE id = ?').get(user.id);
    const audits = auditTypes(server).length;

    const admin = server.adminCaller().admin.users;
    expect((await errorOf(admin.setEmail({ userId: user.id, email: 'BOB@example.com' }))).code).toBe('CONFLICT');
    expect((await errorOf(admin.setEmail({ userId: 999, email: 'x@example.com' }))).code).toBe('NOT_FOUND');
    expect(await errorOf(admin.setEmail({ userId: user.id, email: 'not-an-email' }))).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { email: expect.any(String) },
    });
    expect(server.services.db.prepare('SELECT * FROM users WHERE id = ?').get(user.id)).toEqual(before);
    expect(auditTypes(server)).toHaveLength(audits);
  });

  it("answers only admins: a user's own session is FORBIDDEN", async () => {
    const { server } = startServer();
    const { tokens, user } = await registerUser(server, OWNER);
    const refused = await errorOf(
      as(server, tokens.accessToken).admin.users.setEmail({ userId: user.id, email: 'x@example.com' }),
    );
    expect(refused.code).toBe('FORBIDDEN');
  });
});
