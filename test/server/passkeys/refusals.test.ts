// What the server refuses in a passkey assertion (docs/security.md R76), each with a software
// authenticator's real signature so only the one thing under test is wrong: the origin, the rpId
// hash, a replayed or expired challenge, a counter that went backwards, a missing user
// verification where it is required, a missing user presence.
import { describe, expect, it } from 'vitest';
import { as, errorOf } from '../../helpers/server.ts';
import { auditTypes, enrollTotp, expectChallenge, expectSignedIn } from '../../helpers/totp.ts';
import { SoftAuthenticator } from '../../helpers/passkey-authenticator.ts';
import { ORIGIN, RP_ID, startPasskeyServer, userWithPasskey } from './helpers.ts';

async function options(server: Awaited<ReturnType<typeof startPasskeyServer>>['server']) {
  return server.caller().auth.passkeyOptions();
}

function refusals(server: Awaited<ReturnType<typeof startPasskeyServer>>['server']) {
  const rows = server.services.db
    .prepare("SELECT details FROM audit_events WHERE type = 'passkey_refused' ORDER BY id")
    .all() as Array<{ details: string }>;
  return rows.map((row) => (JSON.parse(row.details) as { reason: string }).reason);
}

describe('passkey refusals', () => {
  it('refuses an assertion made for another origin', async () => {
    const { server } = startPasskeyServer();
    const { authenticator } = await userWithPasskey(server);
    const response = authenticator.assert(await options(server), { origin: 'https://evil.example' });
    const refused = await errorOf(server.caller().auth.verifyPasskey({ response }));
    expect(refused).toMatchObject({ code: 'PASSKEY_REJECTED', reason: 'origin_mismatch' });
    expect(refusals(server)).toEqual(['origin_mismatch']);
  });

  it('refuses an assertion for another rpId (its hash does not match)', async () => {
    const { server } = startPasskeyServer();
    const { authenticator } = await userWithPasskey(server);
    const response = authenticator.assert(await options(server), { rpId: 'evil.example' });
    const refused = await errorOf(server.caller().auth.verifyPasskey({ response }));
    expect(refused).toMatchObject({ code: 'PASSKEY_REJECTED', reason: 'rp_id_mismatch' });
  });

  it('refuses a registration made for another origin or rpId', async () => {
    const { server } = startPasskeyServer();
    const { accessToken } = await userWithPasskey(server);
    const me = as(server, accessToken);
    const authenticator = new SoftAuthenticator(ORIGIN, RP_ID);
    for (const [overrides, reason] of [
      [{ origin: 'https://evil.example' }, 'origin_mismatch'],
      [{ rpId: 'evil.example' }, 'rp_id_mismatch'],
    ] as const) {
      const response = authenticator.register(await me.passkeys.registrationOptions(), overrides);
      expect(await errorOf(me.passkeys.register({ response }))).toMatchObject({ code: 'PASSKEY_REJECTED', reason });
    }
    expect(await me.passkeys.list()).toHaveLength(1);
  });

  it('a challenge is good once: a replayed assertion is refused', async () => {
    const { server } = startPasskeyServer();
    const { authenticator } = await userWithPasskey(server);
    const response = authenticator.assert(await options(server));
    expectSignedIn(await server.caller().auth.verifyPasskey({ response }));
    const replayed = await errorOf(server.caller().auth.verifyPasskey({ response }));
    expect(replayed).toMatchObject({ code: 'PASSKEY_REJECTED', reason: 'challenge_invalid' });
    // A made-up challenge is refused the same way.
    const forged = authenticator.assert(await options(server), {
      challenge: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(await errorOf(server.caller().auth.verifyPasskey({ response: forged }))).toMatchObject({
      reason: 'challenge_invalid',
    });
  });

  it('a challenge expires after passkeys.challengeTtlSeconds on the server clock, and is then spent', async () => {
    const { server, clock } = startPasskeyServer({ passkeys: { challengeTtlSeconds: 60 } });
    const { authenticator } = await userWithPasskey(server);
    const issued = await options(server);
    expect(issued.timeout).toBe(60_000);
    clock.advance(60_000);
    const response = authenticator.assert(issued);
    expect(await errorOf(server.caller().auth.verifyPasskey({ response }))).toMatchObject({
      code: 'CHALLENGE_EXPIRED',
    });
    expect(await errorOf(server.caller().auth.verifyPasskey({ response }))).toMatchObject({
      code: 'PASSKEY_REJECTED',
      reason: 'challenge_invalid',
    });
  });

  it('a registration challenge expires too', async () => {
    const { server, clock } = startPasskeyServer({ passkeys: { challengeTtlSeconds: 60 } });
    const { accessToken } = await userWithPasskey(server);
    const issued = await as(server, accessToken).passkeys.registrationOptions();
    clock.advance(61_000);
    const response = new SoftAuthenticator(ORIGIN, RP_ID).register(issued);
    expect(await errorOf(as(server, accessToken).passkeys.register({ response }))).toMatchObject({
      code: 'CHALLENGE_EXPIRED',
    });
  });

  it('a counter that does not go up is flagged, audited and refused', async () => {
    const { server } = startPasskeyServer();
    const { authenticator } = await userWithPasskey(server); // counter 1 at registration
    expectSignedIn(await server.caller().auth.verifyPasskey({ response: authenticator.assert(await options(server)) }));
    const cloned = authenticator.assert(await options(server), { counter: 2 }); // already seen
    const refused = await errorOf(server.caller().auth.verifyPasskey({ response: cloned }));
    expect(refused).toMatchObject({ code: 'PASSKEY_REJECTED', reason: 'counter_regression' });
    expect(auditTypes(server, 'passkey_counter_regression')).toHaveLength(1);
    const row = server.services.db.prepare('SELECT sign_count, counter_regressed_at FROM passkeys').get();
    expect(row).toEqual({ sign_count: 2, counter_regressed_at: server.services.clock.now() });
  });

  it('with refuseCounterRegression off, the regression is flagged and audited but the sign-in goes on', async () => {
    const { server } = startPasskeyServer({ passkeys: { refuseCounterRegression: false } });
    const { authenticator } = await userWithPasskey(server);
    const result = expectSignedIn(
      await server
        .caller()
        .auth.verifyPasskey({ response: authenticator.assert(await options(server), { counter: 1 }) }),
    );
    const [listed] = await as(server, result.tokens.accessToken).passkeys.list();
    expect(listed!.counterRegressed).toBe(true);
    expect(auditTypes(server, 'passkey_counter_regression')).toHaveLength(1);
  });

  it('an authenticator without a counter (always 0) is no regression', async () => {
    const { server } = startPasskeyServer();
    const { authenticator } = await userWithPasskey(server, { counterless: true });
    for (let i = 0; i < 2; i++)
      expectSignedIn(
        await server.caller().auth.verifyPasskey({ response: authenticator.assert(await options(server)) }),
      );
    expect(auditTypes(server, 'passkey_counter_regression')).toEqual([]);
  });

  it('refuses an assertion without user verification where it is required (the default)', async () => {
    const { server } = startPasskeyServer();
    const { authenticator } = await userWithPasskey(server);
    const response = authenticator.assert(await options(server), { userVerified: false });
    const refused = await errorOf(server.caller().auth.verifyPasskey({ response }));
    expect(refused).toMatchObject({ code: 'PASSKEY_REJECTED', reason: 'user_verification' });
  });

  it('with userVerification preferred, an unverified passkey is one factor: two-step users still answer their second', async () => {
    const { server } = startPasskeyServer({ passkeys: { userVerification: 'preferred' } });
    const { authenticator, accessToken } = await userWithPasskey(server);
    const single = expectSignedIn(
      await server
        .caller()
        .auth.verifyPasskey({ response: authenticator.assert(await options(server), { userVerified: false }) }),
    );
    expect(single.session).toMatchObject({ amr: ['hwk'], aal: 1 });
    await enrollTotp(server, accessToken);
    const gated = await server.caller().auth.verifyPasskey({
      response: authenticator.assert(await options(server), { userVerified: false }),
    });
    expectChallenge(gated);
  });

  it('refuses an assertion without user presence, even after a password', async () => {
    const { server } = startPasskeyServer();
    const { authenticator } = await userWithPasskey(server);
    const response = authenticator.assert(await options(server), { userPresent: false });
    expect(await errorOf(server.caller().auth.verifyPasskey({ response }))).toMatchObject({
      code: 'PASSKEY_REJECTED',
      reason: 'user_presence',
    });
  });

  it('refuses an assertion signed by another key for a known credential id', async () => {
    const { server } = startPasskeyServer();
    const { authenticator } = await userWithPasskey(server);
    const impostor = new SoftAuthenticator(ORIGIN, RP_ID);
    Object.defineProperty(impostor, 'credentialId', { value: authenticator.credentialId });
    impostor.userHandle = authenticator.userHandle;
    const refused = await errorOf(
      server.caller().auth.verifyPasskey({ response: impostor.assert(await options(server)) }),
    );
    expect(refused).toMatchObject({ code: 'PASSKEY_REJECTED', reason: 'invalid_response' });
  });

  it("an email-named attempt takes only that account's passkeys", async () => {
    const { server } = startPasskeyServer();
    const { authenticator } = await userWithPasskey(server);
    await userWithPasskey(server, {}, 'bob@example.com');
    const forBob = await server.caller().auth.passkeyOptions({ email: 'bob@example.com' });
    const refused = await errorOf(server.caller().auth.verifyPasskey({ response: authenticator.assert(forBob) }));
    expect(refused).toMatchObject({ code: 'PASSKEY_REJECTED', reason: 'unknown_credential' });
  });
});
