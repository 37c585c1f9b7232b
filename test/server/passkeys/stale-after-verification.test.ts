// Passkey steps read a passkey or a session, wait for @simplewebauthn/server's verification, then
// write. A deletion, a revocation or a sign counter taken during that wait must win. The library
// is real; the test only holds back one of its answers until the other request has committed.
import { describe, expect, it, vi } from 'vitest';
import type * as SimpleWebAuthn from '@simplewebauthn/server';
import type { AuthServer } from '../../../main/server/server.ts';
import type { PasskeySignInOptions } from '../../../shared/passkeys.ts';
import { PASSWORD, as, errorOf, registerUser } from '../../helpers/server.ts';
import { SoftAuthenticator } from '../../helpers/passkey-authenticator.ts';
import { enrollTotp, expectChallenge, login } from '../../helpers/totp.ts';
import { ORIGIN, RP_ID, startPasskeyServer, userWithPasskey } from './helpers.ts';

const gate = vi.hoisted(() => ({
  hold: undefined as undefined | 'verifyRegistrationResponse' | 'verifyAuthenticationResponse',
  reached: () => {},
  released: Promise.resolve(),
}));

vi.mock('@simplewebauthn/server', async (importOriginal) => {
  const real = await importOriginal<typeof SimpleWebAuthn>();
  const held =
    <K extends 'verifyRegistrationResponse' | 'verifyAuthenticationResponse'>(name: K) =>
    async (...args: Parameters<(typeof real)[K]>) => {
      const result = await (real[name] as (...a: unknown[]) => Promise<unknown>)(...args);
      if (gate.hold === name) {
        gate.hold = undefined;
        gate.reached();
        await gate.released;
      }
      return result;
    };
  return {
    ...real,
    verifyRegistrationResponse: held('verifyRegistrationResponse'),
    verifyAuthenticationResponse: held('verifyAuthenticationResponse'),
  };
});

/** Holds the next answer of `name` until release(). */
function holdNext(name: NonNullable<typeof gate.hold>) {
  let release!: () => void;
  gate.released = new Promise<void>((resolve) => (release = resolve));
  const reached = new Promise<void>((resolve) => (gate.reached = resolve));
  gate.hold = name;
  return { reached, release };
}

const openSessions = (server: AuthServer) =>
  server.services.db.prepare('SELECT count(*) AS n FROM sessions WHERE revoked_at IS NULL').get();

describe('passkeys.register against a revocation committed while the response is verified', () => {
  it('a session signed out during verification adds no passkey', async () => {
    const { server } = startPasskeyServer();
    const intruder = (await registerUser(server)).tokens.accessToken; // a stolen session
    const owner = await server.caller().auth.login({ email: 'ada@example.com', password: PASSWORD });
    if (owner.requires2fa) throw new Error('no 2fa here');
    const authenticator = new SoftAuthenticator(ORIGIN, RP_ID);
    const options = await as(server, intruder).passkeys.registrationOptions();
    const held = holdNext('verifyRegistrationResponse');
    const register = as(server, intruder).passkeys.register({ response: authenticator.register(options) });
    await held.reached;
    await as(server, owner.tokens.accessToken).sessions.revokeOthers(); // the intruder is thrown out
    held.release();
    expect((await errorOf(register)).code).toBe('UNAUTHORIZED');
    // Otherwise the thrown-out intruder keeps a passkey that signs in with aal 2.
    expect(await as(server, owner.tokens.accessToken).passkeys.list()).toEqual([]);
  });
});

/** Sends `verify`, deletes the passkey while its assertion is verified, and expects the refusal. */
async function expectRefusedWhenDeletedMeanwhile(
  server: AuthServer,
  deletePasskey: () => Promise<unknown>,
  verify: () => Promise<unknown>,
): Promise<void> {
  const before = openSessions(server);
  const held = holdNext('verifyAuthenticationResponse');
  const answer = verify();
  await held.reached;
  expect(await deletePasskey()).toEqual({ deleted: true });
  held.release();
  const refused = await errorOf(answer);
  expect([refused.code, refused.reason]).toEqual(['PASSKEY_REJECTED', 'unknown_credential']);
  expect(openSessions(server)).toEqual(before);
}

describe('auth.verifyPasskey against the passkey deleted while the assertion is verified', () => {
  it('a passkey deleted during verification opens no session', async () => {
    const { server } = startPasskeyServer();
    const { authenticator, passkey, accessToken } = await userWithPasskey(server);
    const options = await server.caller().auth.passkeyOptions();
    await expectRefusedWhenDeletedMeanwhile(
      server,
      () => as(server, accessToken).passkeys.delete({ id: passkey.id }),
      () => server.caller().auth.verifyPasskey({ response: authenticator.assert(options) }),
    );
  });
});

describe('passkey as second factor against the passkey deleted while the assertion is verified', () => {
  it('a passkey deleted during verification completes no challenge', async () => {
    const { server } = startPasskeyServer();
    const { authenticator, passkey, accessToken } = await userWithPasskey(server);
    await enrollTotp(server, accessToken);
    const { token } = expectChallenge(await login(server));
    const options = await server.caller().auth.passkeyOptions({ challengeToken: token });
    await expectRefusedWhenDeletedMeanwhile(
      server,
      () => as(server, accessToken).passkeys.delete({ id: passkey.id }),
      () =>
        server
          .caller()
          .auth.verifyPasskey({ challengeToken: token, response: authenticator.assert(options), trustDevice: false }),
    );
  });
});

describe('auth.verifyPasskey against the same counter accepted while the assertion is verified', () => {
  it('a second assertion with a counter already taken meanwhile is a regression', async () => {
    const { server } = startPasskeyServer();
    const { authenticator } = await userWithPasskey(server); // counter 1 at registration
    const clone = (options: PasskeySignInOptions) =>
      server.caller().auth.verifyPasskey({ response: authenticator.assert(options, { counter: 2 }) });
    const [slow, fast] = [await server.caller().auth.passkeyOptions(), await server.caller().auth.passkeyOptions()];
    const held = holdNext('verifyAuthenticationResponse');
    const late = clone(slow);
    await held.reached;
    await clone(fast); // counter 2 is taken
    held.release();
    expect(await errorOf(late)).toMatchObject({ code: 'PASSKEY_REJECTED', reason: 'counter_regression' });
    expect(openSessions(server)).toEqual({ n: 2 }); // registration's and the first assertion's
    const row = server.services.db.prepare('SELECT sign_count, counter_regressed_at FROM passkeys').get();
    expect(row).toEqual({ sign_count: 2, counter_regressed_at: server.services.clock.now() });
  });
});
