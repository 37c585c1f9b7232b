// Forgot password in process (the router IPC uses): who is mailed, what a reset code opens and
// what it does not, and the admin's start of the flow.
import { describe, expect, it } from 'vitest';
import { PASSWORD, errorOf, registerUser, startServer } from '../../helpers/server.ts';
import { lastCode, lastMail } from '../../helpers/email.ts';
import { as } from '../../helpers/server.ts';
import { auditTypes, codeAt, expectChallenge, login, startWithTotp } from '../../helpers/totp.ts';

const NEW_PASSWORD = 'violet staircase humming quietly';

describe('password reset in process', () => {
  it('a disabled account is not mailed; revealAccountState names why', async () => {
    const { server } = startServer();
    const ada = await registerUser(server, 'ada@example.com');
    await server.adminCaller().admin.users.disable({ userId: ada.user.id });
    await server.caller().auth.requestPasswordReset({ email: 'ada@example.com' });
    expect(lastMail(server, 'ada@example.com')?.subject).not.toBe('Reset your Latchkey password');
    expect(auditTypes(server, 'email_code_withheld')).toHaveLength(1);

    const revealing = startServer({ revealAccountState: true }).server;
    const unknown = revealing.caller().auth.requestPasswordReset({ email: 'eve@example.com' });
    expect((await errorOf(unknown)).code).toBe('USER_NOT_FOUND');
    await revealing
      .adminCaller()
      .admin.users.create({ email: 'bob@example.com', name: 'Bob', role: 'user', emailVerified: true });
    const passwordless = revealing.caller().auth.requestPasswordReset({ email: 'bob@example.com' });
    expect((await errorOf(passwordless)).code).toBe('NO_PASSWORD_SET');
  });

  it('a reset code is bound to its purpose: it does not sign in through verifyEmailCode', async () => {
    const { server } = startServer();
    await registerUser(server, 'ada@example.com');
    await server.caller().auth.requestPasswordReset({ email: 'ada@example.com' });
    const code = lastCode(server, 'ada@example.com');
    const asLogin = server.caller().auth.verifyEmailCode({ email: 'ada@example.com', code });
    expect((await errorOf(asLogin)).code).toBe('CODE_INVALID');
    const reset = await server
      .caller()
      .auth.confirmPasswordReset({ email: 'ada@example.com', code, newPassword: NEW_PASSWORD });
    expect(reset.requires2fa).toBe(false);
  });

  it('admin.users.resetPassword: printed once and audited, or mailed', async () => {
    const { server } = startServer();
    const ada = await registerUser(server, 'ada@example.com');
    const printed = await server.adminCaller().admin.users.resetPassword({ userId: ada.user.id, print: true });
    expect(printed).toMatchObject({ delivery: 'printed', email: 'ada@example.com', expiresIn: 600 });
    expect(lastMail(server, 'ada@example.com')?.subject).not.toBe('Reset your Latchkey password');
    const mailed = await server.adminCaller().admin.users.resetPassword({ userId: ada.user.id });
    expect(mailed).toEqual({ delivery: 'mail', email: 'ada@example.com', expiresIn: 600 });
    // The mailed code voided the printed one.
    if (printed.delivery !== 'printed') throw new Error('expected a printed code');
    const stale = server
      .caller()
      .auth.confirmPasswordReset({ email: 'ada@example.com', code: printed.code, newPassword: NEW_PASSWORD });
    if (printed.code !== lastCode(server, 'ada@example.com')) expect((await errorOf(stale)).code).toBe('CODE_INVALID');
    expect(auditTypes(server, 'password_reset_started')).toHaveLength(2);
  });

  it('a new password voids second-factor challenges the old one opened; so does signing out everywhere', async () => {
    const { server, secret } = await startWithTotp();
    const before = expectChallenge(await login(server));
    await server.caller().auth.requestPasswordReset({ email: 'ada@example.com' });
    const code = lastCode(server, 'ada@example.com');
    const reset = await server
      .caller()
      .auth.confirmPasswordReset({ email: 'ada@example.com', code, newPassword: NEW_PASSWORD });
    const after = expectChallenge(reset);
    const stale = server
      .caller()
      .auth.verifySecondFactor({ challengeToken: before.token, code: await codeAt(server, secret, 1) });
    expect(await errorOf(stale)).toMatchObject({ code: 'UNAUTHORIZED', reason: 'challenge_invalid' });
    // The reset's own challenge is the one that finishes.
    const finished = await server
      .caller()
      .auth.verifySecondFactor({ challengeToken: after.token, code: await codeAt(server, secret, 1) });
    expect(finished.requires2fa).toBe(false);

    const pending = expectChallenge(
      await server.caller().auth.login({ email: 'ada@example.com', password: NEW_PASSWORD }),
    );
    await as(server, finished.tokens.accessToken).auth.logoutAll();
    const afterLogout = server
      .caller()
      .auth.verifySecondFactor({ challengeToken: pending.token, code: await codeAt(server, secret, 2) });
    expect((await errorOf(afterLogout)).code).toBe('UNAUTHORIZED');
  });

  it('a changed password voids challenges the old one opened, even when the other sessions stay', async () => {
    const { server, secret, accessToken } = await startWithTotp();
    const pending = expectChallenge(await login(server));
    await as(server, accessToken).account.changePassword({
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      revokeOtherSessions: false,
    });
    const stale = server
      .caller()
      .auth.verifySecondFactor({ challengeToken: pending.token, code: await codeAt(server, secret, 1) });
    expect(await errorOf(stale)).toMatchObject({ code: 'UNAUTHORIZED', reason: 'challenge_invalid' });
  });
});
