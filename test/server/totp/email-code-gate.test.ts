// TOTP gates every primary method: an email-code sign-in of a user with TOTP gets the challenge,
// not tokens, and completes with amr [otp, totp, mfa] (docs/security.md).
import { describe, expect, it } from 'vitest';
import { lastCode } from '../../helpers/email.ts';
import { codeAt, startWithTotp } from '../../helpers/totp.ts';

describe('email-code sign-in with TOTP', () => {
  it('answers requires2fa, then signs in with the authenticator code', async () => {
    const { server, clock, secret } = await startWithTotp();
    clock.advance(30_000);
    await server.caller().auth.requestEmailCode({ email: 'ada@example.com' });
    const first = await server
      .caller()
      .auth.verifyEmailCode({ email: 'ada@example.com', code: lastCode(server, 'ada@example.com') });
    expect(first).toMatchObject({
      requires2fa: true,
      challenge: { expiresIn: 300, methods: ['totp', 'recovery_code'] },
    });
    expect(first).not.toHaveProperty('tokens');
    if (!first.requires2fa) return;
    const done = await server
      .caller()
      .auth.verifySecondFactor({ challengeToken: first.challenge.token, code: await codeAt(server, secret) });
    expect(done.session).toMatchObject({ amr: ['otp', 'totp', 'mfa'], aal: 2 });
  });
});
