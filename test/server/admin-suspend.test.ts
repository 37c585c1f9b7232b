// An admin's disable or ban ends the account's access for good: enabling it again revives no
// session, no device's trust (the second factor is asked again) and no code or link mailed before.
import { describe, expect, it } from 'vitest';
import { lastCode } from '../helpers/email.ts';
import { lastToken } from '../helpers/magic-link.ts';
import { errorOf, registerUser, startServer } from '../helpers/server.ts';
import { login, startWithTotp, trustFrom } from '../helpers/totp.ts';

const EMAIL = 'ada@example.com';

describe('disabling or banning an account', () => {
  it('forgets every device trust: after the ban is lifted, a trusted device asks for the second factor again', async () => {
    const { server, secret, user } = await startWithTotp();
    const trusted = await trustFrom(server, secret, EMAIL, 'laptop');
    const trustToken = trusted.tokens.deviceTrustToken!;
    await server.adminCaller().admin.users.ban({ userId: user.id, reason: 'compromised' });
    await server.adminCaller().admin.users.enable({ userId: user.id });
    expect((await login(server, EMAIL, { device: { id: 'laptop', trustToken } })).requires2fa).toBe(true);
  });

  it('voids the sign-in links and codes mailed before it', async () => {
    const { server } = startServer();
    const { user } = await registerUser(server, EMAIL);
    await server.caller().auth.requestMagicLink({ email: EMAIL });
    const link = lastToken(server, EMAIL);
    const code = lastCode(server, EMAIL);
    await server.adminCaller().admin.users.disable({ userId: user.id });
    await server.adminCaller().admin.users.enable({ userId: user.id });
    expect((await errorOf(server.caller().auth.verifyMagicLink({ token: link }))).code).toBe('CODE_INVALID');
    expect((await errorOf(server.caller().auth.verifyEmailCode({ email: EMAIL, code }))).code).toBe('CODE_INVALID');
  });
});
