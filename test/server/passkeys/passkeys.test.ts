// Passkeys through the server's API with a software authenticator (real keys and signatures):
// registration, discoverable and email-named sign-in, list/rename/delete, the amr a passkey
// earns, and the second-factor path after a password (docs/security.md R76).
import { describe, expect, it } from 'vitest';
import { as, errorOf, registerUser } from '../../helpers/server.ts';
import { SoftAuthenticator } from '../../helpers/passkey-authenticator.ts';
import { auditTypes, enrollTotp, expectChallenge, expectSignedIn, jwtClaims, login } from '../../helpers/totp.ts';
import { addPasskey, ORIGIN, RP_ID, signInWith, startPasskeyServer, userWithPasskey } from './helpers.ts';
import { startServer } from '../../helpers/server.ts';

describe('passkeys', () => {
  it('registers a passkey and stores what the relying party must keep', async () => {
    const { server } = startPasskeyServer();
    const { passkey, authenticator, signedIn } = await userWithPasskey(server);
    expect(passkey).toEqual({
      id: expect.stringMatching(/^pk_/),
      name: 'Passkey',
      createdAt: '2026-01-01T12:00:00.000Z',
      lastUsedAt: null,
      transports: ['internal'],
      backupEligible: false,
      backedUp: false,
      aaguid: '00000000-0000-0000-0000-000000000000',
      counterRegressed: false,
    });
    const row = server.services.db.prepare('SELECT * FROM passkeys').get() as Record<string, unknown>;
    expect(row).toMatchObject({ credential_id: authenticator.id, sign_count: 1, user_id: signedIn.user.id });
    expect((row.public_key as Buffer).length).toBeGreaterThan(60);
    // The challenge is kept only as its hash, and is gone once used.
    expect(server.services.db.prepare('SELECT count(*) AS n FROM passkey_challenges').get()).toEqual({ n: 0 });
    expect(auditTypes(server, 'passkey_registered')).toHaveLength(1);
    expect(await as(server, signedIn.tokens.accessToken).passkeys.list()).toEqual([passkey]);
  });

  it('stores challenges hashed, never as handed out', async () => {
    const { server } = startPasskeyServer();
    await registerUser(server);
    const options = await server.caller().auth.passkeyOptions();
    const rows = server.services.db.prepare('SELECT challenge_hash FROM passkey_challenges').all() as Array<{
      challenge_hash: Buffer;
    }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.challenge_hash.toString('base64url')).not.toBe(options.challenge);
    expect(rows[0]!.challenge_hash.length).toBe(32);
  });

  it('signs in without an email (discoverable) and with one; a verified passkey earns hwk + user, aal 2', async () => {
    const { server } = startPasskeyServer();
    const { authenticator, signedIn } = await userWithPasskey(server);
    const discoverable = await server.caller().auth.passkeyOptions();
    expect(discoverable.allowCredentials).toBeUndefined();
    expect(discoverable).toMatchObject({ rpId: RP_ID, userVerification: 'required' });
    const first = expectSignedIn(
      await server.caller().auth.verifyPasskey({ response: authenticator.assert(discoverable) }),
    );
    expect(first.user.id).toBe(signedIn.user.id);
    expect(first.session).toMatchObject({ amr: ['hwk', 'user'], aal: 2 });
    expect(jwtClaims(first.tokens.accessToken).amr).toEqual(['hwk', 'user']);

    const named = await server.caller().auth.passkeyOptions({ email: 'ada@example.com' });
    expect(named.allowCredentials).toEqual([{ id: authenticator.id, type: 'public-key', transports: ['internal'] }]);
    const second = expectSignedIn(await server.caller().auth.verifyPasskey({ response: authenticator.assert(named) }));
    expect(second.user.email).toBe('ada@example.com');
    const [listed] = await as(server, second.tokens.accessToken).passkeys.list();
    expect(listed!.lastUsedAt).toBe('2026-01-01T12:00:00.000Z');
    expect(auditTypes(server, 'passkey_signed_in')).toHaveLength(2);
  });

  it('a synced (backup-eligible) passkey signs in as swk', async () => {
    const { server } = startPasskeyServer();
    const { authenticator, passkey } = await userWithPasskey(server, { backupEligible: true, alg: 'EdDSA' });
    expect(passkey).toMatchObject({ backupEligible: true, backedUp: true });
    const result = expectSignedIn(await signInWith(server, authenticator));
    expect(jwtClaims(result.tokens.accessToken).amr).toEqual(['swk', 'user']);
  });

  it('answers an unknown email with options shaped like a known one, the same each time', async () => {
    const { server } = startPasskeyServer();
    await userWithPasskey(server);
    await registerUser(server, 'bob@example.com'); // an account without passkeys
    const known = await server.caller().auth.passkeyOptions({ email: 'ada@example.com' });
    const unknown = await server.caller().auth.passkeyOptions({ email: 'nobody@example.com' });
    const again = await server.caller().auth.passkeyOptions({ email: 'NOBODY@example.com' });
    const without = await server.caller().auth.passkeyOptions({ email: 'bob@example.com' });
    const shape = (options: typeof known) => ({
      keys: Object.keys(options).sort(),
      credentials: options.allowCredentials!.map((c) => ({ type: c.type, idLength: c.id.length > 0 })),
    });
    expect(shape(unknown)).toEqual(shape(known));
    expect(shape(without)).toEqual(shape(known));
    expect(again.allowCredentials).toEqual(unknown.allowCredentials);
    expect(unknown.allowCredentials![0]!.id).not.toBe(without.allowCredentials![0]!.id);
  });

  it('renames and deletes; a deleted passkey signs in no more; another user cannot touch it', async () => {
    const { server } = startPasskeyServer();
    const { authenticator, passkey, accessToken } = await userWithPasskey(server);
    const mine = as(server, accessToken);
    expect(await mine.passkeys.rename({ id: passkey.id, name: 'Work laptop' })).toMatchObject({ name: 'Work laptop' });
    const other = await registerUser(server, 'eve@example.com');
    const eve = as(server, other.tokens.accessToken);
    expect((await errorOf(eve.passkeys.rename({ id: passkey.id, name: 'Mine' }))).code).toBe('NOT_FOUND');
    expect((await errorOf(eve.passkeys.delete({ id: passkey.id }))).code).toBe('NOT_FOUND');
    expect(await mine.passkeys.delete({ id: passkey.id })).toEqual({ deleted: true });
    expect(await mine.passkeys.list()).toEqual([]);
    expect((await errorOf(mine.passkeys.delete({ id: passkey.id }))).code).toBe('NOT_FOUND');
    const refused = await errorOf(signInWith(server, authenticator));
    expect(refused).toMatchObject({ code: 'PASSKEY_REJECTED', reason: 'unknown_credential' });
    expect(auditTypes(server).filter((t) => t.startsWith('passkey_'))).toEqual([
      'passkey_registered',
      'passkey_renamed',
      'passkey_deleted',
      'passkey_refused',
    ]);
  });

  it('registration needs a recent sign-in, and its challenge is bound to the session that asked', async () => {
    const { server, clock } = startPasskeyServer();
    const signedIn = await registerUser(server);
    const otherSession = expectSignedIn(await login(server));
    const authenticator = new SoftAuthenticator(ORIGIN, RP_ID);
    const options = await as(server, signedIn.tokens.accessToken).passkeys.registrationOptions();
    const elsewhere = await errorOf(
      as(server, otherSession.tokens.accessToken).passkeys.register({ response: authenticator.register(options) }),
    );
    expect(elsewhere).toMatchObject({ code: 'PASSKEY_REJECTED', reason: 'challenge_invalid' });
    clock.advance(server.config.reauthWindowSeconds * 1000 + 1000);
    const late = as(server, otherSession.tokens.accessToken);
    expect((await errorOf(late.passkeys.registrationOptions())).code).toBe('REAUTH_REQUIRED');
  });

  it('refuses registering the same credential twice', async () => {
    const { server } = startPasskeyServer();
    const { authenticator, accessToken } = await userWithPasskey(server);
    const again = await errorOf(addPasskey(server, accessToken, authenticator));
    expect(again).toMatchObject({ code: 'CONFLICT', reason: 'passkey_exists' });
  });

  it('a user-verified passkey completes a two-step user sign-in on its own', async () => {
    const { server } = startPasskeyServer();
    const { authenticator, accessToken } = await userWithPasskey(server);
    await enrollTotp(server, accessToken);
    const result = expectSignedIn(await signInWith(server, authenticator, 'ada@example.com'));
    expect(result.session).toMatchObject({ amr: ['hwk', 'user'], aal: 2 });
  });

  it('answers a password sign-in second-factor challenge with a passkey (challengeToken or challengeId)', async () => {
    const { server } = startPasskeyServer();
    const { authenticator, accessToken } = await userWithPasskey(server);
    await enrollTotp(server, accessToken);
    const challenge = expectChallenge(await login(server));
    expect(challenge.methods).toEqual(['totp', 'recovery_code', 'passkey']);
    const options = await server.caller().auth.passkeyOptions({ challengeToken: challenge.token });
    expect(options.allowCredentials).toEqual([{ id: authenticator.id, type: 'public-key', transports: ['internal'] }]);
    // Presence is enough after a password.
    const response = authenticator.assert(options, { userVerified: false });
    const result = expectSignedIn(
      await server.caller().auth.verifyPasskey({ response, challengeToken: challenge.token }),
    );
    expect(result.session).toMatchObject({ amr: ['pwd', 'hwk', 'mfa'], aal: 2 });
    expect(jwtClaims(result.tokens.accessToken).amr).toEqual(['pwd', 'hwk', 'mfa']);
    // The challenge is spent.
    const again = await server
      .caller()
      .auth.passkeyOptions({ challengeId: challenge.token })
      .catch((e) => e);
    expect(again.errorCode).toBe('UNAUTHORIZED');

    const next = expectChallenge(await login(server));
    const byId = await server.caller().auth.passkeyOptions({ challengeId: next.token });
    const passed = await server
      .caller()
      .auth.verifyPasskey({ response: authenticator.assert(byId), challengeId: next.token });
    expect(expectSignedIn(passed).session.aal).toBe(2);
  });

  it('a second-factor passkey challenge answers only its own sign-in', async () => {
    const { server } = startPasskeyServer();
    const { authenticator, accessToken } = await userWithPasskey(server);
    await enrollTotp(server, accessToken);
    const first = expectChallenge(await login(server));
    const second = expectChallenge(await login(server));
    const options = await server.caller().auth.passkeyOptions({ challengeToken: first.token });
    const crossed = await errorOf(
      server.caller().auth.verifyPasskey({ response: authenticator.assert(options), challengeToken: second.token }),
    );
    expect(crossed).toMatchObject({ code: 'PASSKEY_REJECTED', reason: 'challenge_invalid' });
    // Nor does a second-factor challenge sign in on its own.
    const alone = await server.caller().auth.passkeyOptions({ challengeToken: second.token });
    const refused = await errorOf(server.caller().auth.verifyPasskey({ response: authenticator.assert(alone) }));
    expect(refused).toMatchObject({ code: 'PASSKEY_REJECTED', reason: 'challenge_invalid' });
  });

  it('auth.methods offers passkeys only with a relying party; otherwise every passkey call says PASSKEY_NOT_CONFIGURED', async () => {
    const on = startPasskeyServer();
    expect((await on.server.caller().auth.methods()).passkey).toBe(true);
    const off = startServer();
    expect((await off.server.caller().auth.methods()).passkey).toBe(false);
    expect((await errorOf(off.server.caller().auth.passkeyOptions())).code).toBe('PASSKEY_NOT_CONFIGURED');
    const toggled = startPasskeyServer({ methods: { passkey: false } });
    expect((await toggled.server.caller().auth.methods()).passkey).toBe(false);
    const signedIn = await registerUser(toggled.server);
    const refused = await errorOf(as(toggled.server, signedIn.tokens.accessToken).passkeys.registrationOptions());
    expect(refused.code).toBe('PASSKEY_NOT_CONFIGURED');
  });

  it('deleting the account deletes its passkeys', async () => {
    const { server } = startPasskeyServer();
    const { accessToken } = await userWithPasskey(server);
    await as(server, accessToken).account.delete();
    expect(server.services.db.prepare('SELECT count(*) AS n FROM passkeys').get()).toEqual({ n: 0 });
  });
});
