// One failure counter per account, shared by every factor (docs/security.md R41, R42): password, email
// code, TOTP and recovery-code failures all count on it, and it locks password sign-in. It does
// not gate the email code or the second step, so a password lockout never shuts the way back in
// (R44); a finished sign-in by any factor ends the streak.
import { describe, expect, it } from 'vitest';
import { errorOf, registerUser, startServer } from '../../helpers/server.ts';
import { lastCode, wrongCode as wrongEmailCode } from '../../helpers/email.ts';
import { codeAt, startWithTotp, expectChallenge, expectSignedIn, login, wrongCode } from '../../helpers/totp.ts';
import type { AuthServer } from '../../../main/server/server.ts';

const EMAIL = 'ada@example.com';
const wrongPassword = (server: AuthServer) =>
  errorOf(server.caller().auth.login({ email: EMAIL, password: 'wrong password entirely' }));

describe('the account counter shared by every factor', () => {
  it('3 password and 3 email-code failures lock password sign-in; a right code still signs in and clears it', async () => {
    const { server } = startServer({ email: { captcha: { policy: 'never' } } });
    await registerUser(server, EMAIL);
    for (let i = 0; i < 3; i++) expect((await wrongPassword(server)).code).toBe('INVALID_CREDENTIALS');
    await server.caller().auth.requestEmailCode({ email: EMAIL });
    const code = lastCode(server, EMAIL);
    for (let i = 0; i < 3; i++) {
      const error = await errorOf(server.caller().auth.verifyEmailCode({ email: EMAIL, code: wrongEmailCode(code) }));
      expect(error.code).toBe('CODE_INVALID');
    }
    expect(server.services.throttle.failures(`acct:${EMAIL}`)).toBe(6);
    // Five failures lock (30 s), the sixth doubles it; the right password is refused.
    expect(await errorOf(login(server))).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 60 });

    expectSignedIn(await server.caller().auth.verifyEmailCode({ email: EMAIL, code }));
    expect(server.services.throttle.failures(`acct:${EMAIL}`)).toBe(0);
    expectSignedIn(await login(server));
  });

  it('3 password and 3 TOTP failures lock password sign-in; a right password alone does not clear it', async () => {
    const { server, secret } = await startWithTotp({}, {}, EMAIL);
    for (let i = 0; i < 3; i++) expect((await wrongPassword(server)).code).toBe('INVALID_CREDENTIALS');
    // The right password reaches the second step, but the streak stands until sign-in finishes.
    const { token } = expectChallenge(await login(server));
    expect(server.services.throttle.failures(`acct:${EMAIL}`)).toBe(3);
    const bad = await wrongCode(server, secret);
    for (let i = 0; i < 3; i++) {
      const error = await errorOf(server.caller().auth.verifySecondFactor({ challengeToken: token, code: bad }));
      expect(error.code).toBe('TOTP_INVALID');
    }
    expect(server.services.throttle.failures(`acct:${EMAIL}`)).toBe(6);
    expect(await errorOf(login(server))).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 60 });

    // The second step itself has its own counter (3 of 5): the right code finishes the sign-in.
    const good = await codeAt(server, secret, 1);
    expectSignedIn(await server.caller().auth.verifySecondFactor({ challengeToken: token, code: good }));
    expect(server.services.throttle.failures(`acct:${EMAIL}`)).toBe(0);
    expectChallenge(await login(server));
  });

  it('a TOTP code sent along with the right password finishes the sign-in and clears the streak', async () => {
    const { server, secret } = await startWithTotp({}, {}, EMAIL);
    for (let i = 0; i < 3; i++) expect((await wrongPassword(server)).code).toBe('INVALID_CREDENTIALS');
    expect(server.services.throttle.failures(`acct:${EMAIL}`)).toBe(3);
    expectSignedIn(await login(server, EMAIL, { totpCode: await codeAt(server, secret, 1) }));
    expect(server.services.throttle.failures(`acct:${EMAIL}`)).toBe(0);
  });
});
