// With `passkeys.userVerification: preferred`, a passkey that only tested presence is a first
// factor, and two-step users still answer their second (docs/security.md, Passkeys): a passkey
// cannot then be that second factor too, or one unlocked key would pass for two factors.
import { describe, expect, it } from 'vitest';
import type { AuthServer } from '../../../main/server/server.ts';
import { errorOf } from '../../helpers/server.ts';
import type { SoftAuthenticator } from '../../helpers/passkey-authenticator.ts';
import { auditTypes, enrollTotp, expectChallenge } from '../../helpers/totp.ts';
import { startPasskeyServer, userWithPasskey } from './helpers.ts';

async function presenceOnlySignIn(server: AuthServer, authenticator: SoftAuthenticator) {
  const options = await server.caller().auth.passkeyOptions();
  const response = authenticator.assert(options, { userVerified: false });
  return expectChallenge(await server.caller().auth.verifyPasskey({ response }));
}

async function twoStepUserWithPasskey() {
  const { server } = startPasskeyServer({ passkeys: { userVerification: 'preferred' } });
  const { authenticator, accessToken } = await userWithPasskey(server);
  await enrollTotp(server, accessToken);
  return { server, authenticator };
}

describe('the second factor after a presence-only passkey sign-in', () => {
  it('does not list passkey among its methods', async () => {
    const { server, authenticator } = await twoStepUserWithPasskey();
    const challenge = await presenceOnlySignIn(server, authenticator);
    expect(challenge.methods).toEqual(['totp', 'recovery_code']);
  });

  it('cannot be answered by the same passkey: no session opens', async () => {
    const { server, authenticator } = await twoStepUserWithPasskey();
    const { token } = await presenceOnlySignIn(server, authenticator);
    const sessions = auditTypes(server, 'session_created').length;
    const answered = server
      .caller()
      .auth.passkeyOptions({ challengeToken: token })
      .then((options) =>
        server.caller().auth.verifyPasskey({
          response: authenticator.assert(options, { userVerified: false }),
          challengeToken: token,
        }),
      );
    expect(await errorOf(answered)).toMatchObject({ code: 'PASSKEY_REJECTED', reason: 'challenge_invalid' });
    expect(auditTypes(server, 'session_created')).toHaveLength(sessions);
  });
});
