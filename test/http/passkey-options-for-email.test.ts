// A passkey sign-in asked for with an email takes only that account's passkeys. Someone with a
// passkey on an account of their own signs the challenge for a victim's address and for an unknown
// one: both are refused alike (PASSKEY_REJECTED, unknown_credential), so the answer tells nothing
// about which addresses have accounts. Without an email (discoverable), any passkey answers.
import { describe, expect, it } from 'vitest';
import { startHttp } from '../helpers/http.ts';
import { registerUser } from '../helpers/server.ts';
import { SoftAuthenticator } from '../helpers/passkey-authenticator.ts';
import { addPasskey, ORIGIN, PASSKEYS, RP_ID } from '../server/passkeys/helpers.ts';

describe('passkey sign-in options for an email', () => {
  it('answer alike whether or not the email has an account, when a foreign passkey signs the challenge', async () => {
    const { server, api } = await startHttp({ passkeys: PASSKEYS });
    // The victim: an ordinary account (no passkey needed).
    await registerUser(server, 'victim@example.com');
    // The attacker: their own account and their own passkey.
    const attacker = await registerUser(server, 'mallory@example.com');
    const authenticator = new SoftAuthenticator(ORIGIN, RP_ID);
    await addPasskey(server, attacker.tokens.accessToken, authenticator);

    const probe = async (email: string) => {
      const options = await api.post('/v1/auth/passkey/options', { email });
      expect(options.status).toBe(200);
      // allowCredentials is only a hint: the attacker's authenticator signs anyway.
      const reply = await api.post('/v1/auth/passkey/verify', { response: authenticator.assert(options.body.data) });
      return { status: reply.status, code: reply.body.error?.code ?? 'OK' };
    };

    const known = await probe('victim@example.com');
    const unknown = await probe('nobody@example.com');
    expect(known).toEqual({ status: 400, code: 'PASSKEY_REJECTED' });
    expect(unknown).toEqual(known);
    const refusals = server.services.db
      .prepare("SELECT details FROM audit_events WHERE type = 'passkey_refused' ORDER BY id")
      .all() as Array<{ details: string }>;
    expect(refusals.map((row) => (JSON.parse(row.details) as { reason: string }).reason)).toEqual([
      'unknown_credential',
      'unknown_credential',
    ]);
    // The attacker's own address, and no address at all, still sign in with that passkey.
    expect(await probe('mallory@example.com')).toEqual({ status: 200, code: 'OK' });
    const discoverable = await api.post('/v1/auth/passkey/options', {});
    const signedIn = await api.post('/v1/auth/passkey/verify', {
      response: authenticator.assert(discoverable.body.data),
    });
    expect(signedIn.status).toBe(200);
  });
});
