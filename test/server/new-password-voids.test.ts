// A new password starts the account afresh: codes and links mailed before it (a password-reset
// code among them, mailed or printed by an admin) stop working, and so does what sessions left
// unfinished (a pending change of address, an authenticator app not yet confirmed). Signing out
// everywhere voids the unfinished steps too: a thrown-out session leaves nothing a later one
// could finish.
import { describe, expect, it } from 'vitest';
import type { AuthServer } from '../../main/server/server.ts';
import { lastCode, MINUTE } from '../helpers/email.ts';
import { lastToken } from '../helpers/magic-link.ts';
import { PASSWORD, as, errorOf, registerUser, startServer } from '../helpers/server.ts';

const EMAIL = 'ada@example.com';
const NEW_PASSWORD = 'violet staircase humming quietly';
const OTHER_PASSWORD = 'amber lighthouse whistling softly';

const changePassword = (server: AuthServer, accessToken: string, revokeOtherSessions: boolean) =>
  as(server, accessToken).account.changePassword({
    currentPassword: PASSWORD,
    newPassword: NEW_PASSWORD,
    revokeOtherSessions,
  });

async function resetPassword(server: AuthServer) {
  await server.caller().auth.requestPasswordReset({ email: EMAIL });
  const reset = await server
    .caller()
    .auth.confirmPasswordReset({ email: EMAIL, code: lastCode(server, EMAIL), newPassword: NEW_PASSWORD });
  if (reset.requires2fa) throw new Error('unexpected 2FA');
  return reset;
}

describe('a new password', () => {
  it('voids a reset code mailed before a password change, also when the other sessions stay', async () => {
    const { server } = startServer();
    const { tokens } = await registerUser(server, EMAIL);
    await server.caller().auth.requestPasswordReset({ email: EMAIL });
    const resetCode = lastCode(server, EMAIL);
    await changePassword(server, tokens.accessToken, false);
    const stale = server
      .caller()
      .auth.confirmPasswordReset({ email: EMAIL, code: resetCode, newPassword: OTHER_PASSWORD });
    expect((await errorOf(stale)).code).toBe('CODE_INVALID');
    expect((await server.caller().auth.login({ email: EMAIL, password: NEW_PASSWORD })).requires2fa).toBe(false);
  });

  it("voids a reset code an admin printed before the user's change", async () => {
    const { server } = startServer();
    const { user, tokens } = await registerUser(server, EMAIL);
    const printed = await server.adminCaller().admin.users.resetPassword({ userId: user.id, print: true });
    if (printed.delivery !== 'printed') throw new Error('expected a printed code');
    await changePassword(server, tokens.accessToken, true);
    const stale = server
      .caller()
      .auth.confirmPasswordReset({ email: EMAIL, code: printed.code, newPassword: OTHER_PASSWORD });
    expect((await errorOf(stale)).code).toBe('CODE_INVALID');
  });

  it('voids a sign-in link mailed before a password reset', async () => {
    const { server, clock } = startServer();
    await registerUser(server, EMAIL);
    await server.caller().auth.requestMagicLink({ email: EMAIL });
    const link = lastToken(server, EMAIL);
    clock.advance(MINUTE + 1000); // past the resend cooldown shared by every mail to the address
    await resetPassword(server);
    expect((await errorOf(server.caller().auth.verifyMagicLink({ token: link }))).code).toBe('CODE_INVALID');
  });

  it('voids a sign-in code mailed before a password change', async () => {
    const { server } = startServer();
    const { tokens } = await registerUser(server, EMAIL);
    await server.caller().auth.requestEmailCode({ email: EMAIL });
    const code = lastCode(server, EMAIL);
    await changePassword(server, tokens.accessToken, true);
    expect((await errorOf(server.caller().auth.verifyEmailCode({ email: EMAIL, code }))).code).toBe('CODE_INVALID');
  });

  it('voids a pending change of address: the next session cannot confirm it with the old code', async () => {
    const { server, clock } = startServer();
    const { tokens } = await registerUser(server, EMAIL);
    await as(server, tokens.accessToken).account.requestEmailChange({ newEmail: 'thief@example.com' });
    const changeCode = lastCode(server, 'thief@example.com');
    clock.advance(MINUTE + 1000);
    const reset = await resetPassword(server);
    const confirm = as(server, reset.tokens.accessToken).account.confirmEmailChange({ code: changeCode });
    expect((await errorOf(confirm)).code).toBe('CODE_INVALID');
    expect((await as(server, reset.tokens.accessToken).account.me()).email).toBe(EMAIL);
  });
});

describe('signing out everywhere', () => {
  it('voids a pending change of address and an authenticator app not yet confirmed', async () => {
    const { server } = startServer();
    const { tokens } = await registerUser(server, EMAIL);
    const stolen = as(server, tokens.accessToken);
    await stolen.account.requestEmailChange({ newEmail: 'thief@example.com' });
    const changeCode = lastCode(server, 'thief@example.com');
    await stolen.totp.beginEnrollment();

    const owner = await server.caller().auth.login({ email: EMAIL, password: PASSWORD });
    if (owner.requires2fa) throw new Error('unexpected 2FA');
    await as(server, owner.tokens.accessToken).auth.logoutAll();

    const next = await server.caller().auth.login({ email: EMAIL, password: PASSWORD });
    if (next.requires2fa) throw new Error('unexpected 2FA');
    const again = as(server, next.tokens.accessToken);
    expect((await errorOf(again.account.confirmEmailChange({ code: changeCode }))).code).toBe('CODE_INVALID');
    const enrollment = await errorOf(again.totp.confirmEnrollment({ code: '000000' }));
    expect([enrollment.code, enrollment.reason]).toEqual(['NOT_FOUND', 'no_pending_enrollment']);
  });
});
