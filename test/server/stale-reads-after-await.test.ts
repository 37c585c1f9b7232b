// Account changes that read state, wait for the hasher, then write: a change committed by another
// request during the wait must win. The hasher is real; the test only holds one of its answers back
// until the other request has committed (like password-replaced-mid-sign-in.test.ts).
import { describe, expect, it } from 'vitest';
import type { AuthServer } from '../../main/server/server.ts';
import { findUserByEmail } from '../../main/server/accounts/users.ts';
import { lastCode, MINUTE, signInByCode } from '../helpers/email.ts';
import { holdNextHash } from '../helpers/hold.ts';
import { PASSWORD, as, errorOf, registerUser, startServer } from '../helpers/server.ts';
import { STEP_MS, codeAt, expectChallenge, login, startWithTotp } from '../helpers/totp.ts';
import { decodeBase32 as decodeSecret } from '../../main/server/totp/totp-code.ts';

const EMAIL = 'ada@example.com';
const OWNER_PASSWORD = 'violet staircase humming quietly';
const INTRUDER_PASSWORD = 'orange lantern drifting slowly';

async function resetPassword(server: AuthServer) {
  await server.caller().auth.requestPasswordReset({ email: EMAIL });
  return server
    .caller()
    .auth.confirmPasswordReset({ email: EMAIL, code: lastCode(server, EMAIL), newPassword: OWNER_PASSWORD });
}

/** 'signed in', or the error code the sign-in failed with. */
const signInWith = (server: AuthServer, password: string) =>
  server
    .caller()
    .auth.login({ email: EMAIL, password })
    .then(
      () => 'signed in',
      async (error: unknown) => (await errorOf(Promise.reject(error))).code,
    );

describe('account.changePassword against a change committed while it hashes', () => {
  it('a password reset during the hash wins: the revoked session writes nothing', async () => {
    const { server } = startServer();
    const intruder = (await registerUser(server, EMAIL)).tokens.accessToken; // a stolen session
    const held = holdNextHash(server, 'hash', (input) => input === INTRUDER_PASSWORD);
    const change = as(server, intruder).account.changePassword({
      currentPassword: PASSWORD,
      newPassword: INTRUDER_PASSWORD,
      revokeOtherSessions: true,
    });
    await held.hashed;
    const reset = await resetPassword(server); // ends every session, the intruder's too
    if (reset.requires2fa) throw new Error('no 2fa here');
    held.release();
    expect((await errorOf(change)).code).toBe('UNAUTHORIZED');
    // The owner's session from the reset is not thrown out by the revoked session's change...
    expect((await as(server, reset.tokens.accessToken).account.me()).email).toBe(EMAIL);
    // ...and the reset password is not replaced by the intruder's.
    expect(await signInWith(server, INTRUDER_PASSWORD)).toBe('INVALID_CREDENTIALS');
    expect(await signInWith(server, OWNER_PASSWORD)).toBe('signed in');
  });

  it('a password change from another session during the hash wins (compare-and-set on the hash)', async () => {
    const { server } = startServer();
    const owner = (await registerUser(server, EMAIL)).tokens.accessToken;
    const other = await server.caller().auth.login({ email: EMAIL, password: PASSWORD });
    if (other.requires2fa) throw new Error('no 2fa here');
    const held = holdNextHash(server, 'hash', (input) => input === INTRUDER_PASSWORD);
    const change = as(server, other.tokens.accessToken).account.changePassword({
      currentPassword: PASSWORD,
      newPassword: INTRUDER_PASSWORD,
    });
    await held.hashed;
    // The owner changes the password and keeps the other session (revokeOtherSessions: false).
    await as(server, owner).account.changePassword({ currentPassword: PASSWORD, newPassword: OWNER_PASSWORD });
    held.release();
    // The held change was proven with a password that is no longer the account's.
    expect((await errorOf(change)).code).toBe('INVALID_PASSWORD');
    expect(await signInWith(server, OWNER_PASSWORD)).toBe('signed in');
    expect(await signInWith(server, INTRUDER_PASSWORD)).toBe('INVALID_CREDENTIALS');
  });
});

describe('account.setPassword against a revocation committed while it hashes', () => {
  it('a session signed out during the hash sets no password', async () => {
    const { server, clock } = startServer();
    await server.adminCaller().admin.users.create({ email: EMAIL, name: 'Ada' }); // no password
    const intruder = (await signInByCode(server, EMAIL)).tokens.accessToken;
    clock.advance(MINUTE + 1000); // past the resend cooldown
    const owner = (await signInByCode(server, EMAIL)).tokens.accessToken;
    const held = holdNextHash(server, 'hash', (input) => input === INTRUDER_PASSWORD);
    const set = as(server, intruder).account.setPassword({ newPassword: INTRUDER_PASSWORD });
    await held.hashed;
    expect(await as(server, owner).sessions.revokeOthers()).toEqual({ revokedSessions: 1 });
    held.release();
    expect((await errorOf(set)).code).toBe('UNAUTHORIZED');
    // Otherwise the signed-out intruder keeps a way back in: a password of their choosing.
    expect(await signInWith(server, INTRUDER_PASSWORD)).toBe('INVALID_CREDENTIALS');
  });
});

describe('totp.regenerateRecoveryCodes against a factor replaced while it hashes', () => {
  it('codes proven with the old authenticator do not replace the new factor’s codes', async () => {
    const t = await startWithTotp();
    const { server, clock } = t;
    // A second session (the intruder's, who has the old authenticator secret).
    const intruder = await login(server, EMAIL, { totpCode: await codeAt(server, t.secret, 1) });
    if (intruder.requires2fa) throw new Error('expected a session');
    clock.advance(2 * STEP_MS);
    const held = holdNextHash(server, 'hash', () => true); // one of the ten recovery-code hashes
    const regen = as(server, intruder.tokens.accessToken).totp.regenerateRecoveryCodes({
      code: await codeAt(server, t.secret),
    });
    await held.hashed;
    // The owner replaces the authenticator (proving the old one with a recovery code).
    const begun = await as(server, t.accessToken).totp.beginEnrollment({ recoveryCode: t.recoveryCodes[0]! });
    const fresh = decodeSecret(begun.secret);
    const { recoveryCodes: ownerCodes } = await as(server, t.accessToken).totp.confirmEnrollment({
      code: await codeAt(server, fresh),
    });
    held.release();
    const refused = await errorOf(regen);
    expect([refused.code, refused.reason]).toEqual(['CONFLICT', 'totp_changed']);
    // The new factor's codes stand.
    const { token } = expectChallenge(await login(server, EMAIL));
    const recovered = await server
      .caller()
      .auth.verifySecondFactor({ challengeToken: token, recoveryCode: ownerCodes[0]!, trustDevice: false });
    expect(recovered.session.aal).toBe(2);
  });
});

describe('admin.users.create against the admin being removed while it hashes', () => {
  it('an admin session revoked during the hash creates no account', async () => {
    const { server } = startServer();
    const admin = await registerUser(server, 'root@example.com');
    server.services.db.prepare("UPDATE users SET role = 'admin' WHERE id = ?").run(admin.user.id);
    const held = holdNextHash(server, 'hash', (input) => input === INTRUDER_PASSWORD);
    const create = as(server, admin.tokens.accessToken).admin.users.create({
      email: 'mallory@example.com',
      name: 'Mallory',
      password: INTRUDER_PASSWORD,
      role: 'admin',
    });
    await held.hashed;
    await server.adminCaller().admin.users.disable({ userId: admin.user.id }); // ends its sessions
    held.release();
    expect((await errorOf(create)).code).toBe('UNAUTHORIZED');
    expect(findUserByEmail(server.services.db, 'mallory@example.com')).toBeUndefined();
  });
});

describe('totp.confirmEnrollment against a revocation committed while it hashes', () => {
  it('a session signed out during the hash turns on no authenticator', async () => {
    const { server } = startServer();
    const intruder = (await registerUser(server, EMAIL)).tokens.accessToken; // a stolen session
    const owner = await server.caller().auth.login({ email: EMAIL, password: PASSWORD });
    if (owner.requires2fa) throw new Error('no 2fa here');
    const begun = await as(server, intruder).totp.beginEnrollment();
    const held = holdNextHash(server, 'hash', () => true); // one of the ten recovery-code hashes
    const confirm = as(server, intruder).totp.confirmEnrollment({
      code: await codeAt(server, decodeSecret(begun.secret)),
    });
    await held.hashed;
    // The owner ends the intruder's one session (sessions.revoke, not revokeOthers).
    const [session] = (await as(server, owner.tokens.accessToken).sessions.list()).filter((s) => !s.current);
    await as(server, owner.tokens.accessToken).sessions.revoke({ id: session!.id });
    held.release();
    expect((await errorOf(confirm)).code).toBe('UNAUTHORIZED');
    // Otherwise the owner's next sign-in asks for a code from the intruder's authenticator.
    expect((await login(server, EMAIL)).requires2fa).toBe(false);
  });
});
