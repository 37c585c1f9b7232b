// Passkeys over REST on real HTTP: every route (options, register, list, rename, delete, sign-in
// options, verify), the 2FA path, error envelopes, and the address counter refused sign-ins feed.
import { describe, expect, it } from 'vitest';
import { startHttp } from '../helpers/http.ts';
import { PASSWORD } from '../helpers/server.ts';
import { SoftAuthenticator } from '../helpers/passkey-authenticator.ts';
import { codeAt } from '../helpers/totp.ts';
import { decodeBase32 } from '../../main/server/totp/totp-code.ts';

const ORIGIN = 'http://localhost:4317';
const passkeys = { rpId: 'localhost', origins: [ORIGIN] };

describe('REST passkeys', () => {
  it('adds, lists, renames, signs in with and deletes a passkey', async () => {
    const { api } = await startHttp({ passkeys });
    const token = (await api.register()).tokens.accessToken as string;
    const authenticator = new SoftAuthenticator(ORIGIN, 'localhost');

    expect((await api.post('/v1/me/passkeys/options')).status).toBe(401);
    const options = await api.post('/v1/me/passkeys/options', undefined, token);
    expect(options.status).toBe(200);
    expect(options.body.data).toMatchObject({
      rp: { id: 'localhost' },
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    const added = await api.post('/v1/me/passkeys', { response: authenticator.register(options.body.data) }, token);
    expect(added.status).toBe(200);
    const id = added.body.data.id as string;
    const listed = await api.get('/v1/me/passkeys', token);
    expect(listed.body.data).toEqual([added.body.data]);
    const renamed = await api.call('PATCH', `/v1/me/passkeys/${id}`, { body: { name: 'Phone' }, token });
    expect([renamed.status, renamed.body.data.name]).toEqual([200, 'Phone']);

    const signInOptions = await api.post('/v1/auth/passkey/options', {});
    expect(signInOptions.status).toBe(200);
    const signedIn = await api.post('/v1/auth/passkey/verify', {
      response: authenticator.assert(signInOptions.body.data),
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.data).toMatchObject({ requires2fa: false, session: { amr: ['hwk', 'user'], aal: 2 } });

    const deleted = await api.call('DELETE', `/v1/me/passkeys/${id}`, { token });
    expect([deleted.status, deleted.body.data]).toEqual([200, { deleted: true }]);
    expect((await api.call('DELETE', `/v1/me/passkeys/${id}`, { token })).status).toBe(404);
    const after = await api.post('/v1/auth/passkey/options', { email: 'ada@example.com' });
    const refused = await api.post('/v1/auth/passkey/verify', { response: authenticator.assert(after.body.data) });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('PASSKEY_REJECTED');
  });

  it('answers a TOTP challenge with a passkey', async () => {
    const { api, server, clock } = await startHttp({ passkeys });
    const token = (await api.register()).tokens.accessToken as string;
    const authenticator = new SoftAuthenticator(ORIGIN, 'localhost');
    const options = await api.post('/v1/me/passkeys/options', undefined, token);
    await api.post('/v1/me/passkeys', { response: authenticator.register(options.body.data) }, token);
    const begun = await api.post('/v1/me/totp', undefined, token);
    const secret = decodeBase32(begun.body.data.secret);
    await api.post('/v1/me/totp/confirm', { code: await codeAt(server, secret) }, token);
    clock.advance(30_000);

    const login = await api.post('/v1/auth/login', { email: 'ada@example.com', password: PASSWORD });
    expect(login.body.data.challenge.methods).toEqual(['totp', 'recovery_code', 'passkey']);
    const challengeToken = login.body.data.challenge.token as string;
    const second = await api.post('/v1/auth/passkey/options', { challengeToken });
    const passed = await api.post('/v1/auth/passkey/verify', {
      response: authenticator.assert(second.body.data),
      challengeToken,
    });
    expect(passed.status).toBe(200);
    expect(passed.body.data.session).toMatchObject({ amr: ['pwd', 'hwk', 'mfa'], aal: 2 });
  });

  it('refused sign-ins count on the address counter; malformed responses are 422; off is 503', async () => {
    const { api } = await startHttp({ passkeys, lockout: { sourceThreshold: 2 } });
    const authenticator = new SoftAuthenticator(ORIGIN, 'localhost');
    for (let i = 0; i < 2; i++) {
      const options = await api.post('/v1/auth/passkey/options', {});
      const refused = await api.post('/v1/auth/passkey/verify', { response: authenticator.assert(options.body.data) });
      expect(refused.body.error.code).toBe('PASSKEY_REJECTED');
    }
    const options = await api.post('/v1/auth/passkey/options', {});
    const limited = await api.post('/v1/auth/passkey/verify', { response: authenticator.assert(options.body.data) });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect((await api.post('/v1/auth/passkey/verify', { response: { id: '!' } })).status).toBe(422);

    const off = await startHttp();
    const none = await off.api.post('/v1/auth/passkey/options', {});
    expect([none.status, none.body.error.code]).toEqual([503, 'PASSKEY_NOT_CONFIGURED']);
  });

  it('caps options requests per address (limits.passkeyOptions)', async () => {
    const { api } = await startHttp({ passkeys, limits: { passkeyOptions: { address: 2, global: 100 } } });
    expect((await api.post('/v1/auth/passkey/options', {})).status).toBe(200);
    expect((await api.post('/v1/auth/passkey/options', {})).status).toBe(200);
    const capped = await api.post('/v1/auth/passkey/options', {});
    expect([capped.status, capped.body.error.code]).toEqual([429, 'RATE_LIMITED']);
  });
});
