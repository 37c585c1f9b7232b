// TOTP over REST: enroll and confirm (POST /v1/me/totp, /confirm), sign in through the challenge
// (POST /v1/auth/2fa) and turn it off (DELETE /v1/me/totp), each with its error envelope; and the
// password alone, with another device's id, changes nothing of that device before /v1/auth/2fa.
import { describe, expect, it } from 'vitest';
import { decodeBase32 } from '../../main/server/totp/totp-code.ts';
import { codeAt, enrollTotp, jwtClaims, STEP_MS, wrongCode } from '../helpers/totp.ts';
import { PASSWORD } from '../helpers/server.ts';
import { startHttp } from '../helpers/http.ts';

describe('REST second factor', () => {
  it('enrolls, confirms with a code, and then every sign-in answers a challenge completed at /v1/auth/2fa', async () => {
    const { api, server, clock } = await startHttp();
    const signedIn = await api.register();
    const token = signedIn.tokens.accessToken;
    expect((await api.post('/v1/me/totp')).status).toBe(401);
    const begun = await api.post('/v1/me/totp', undefined, token);
    expect(begun.status).toBe(200);
    expect(begun.body.data).toMatchObject({ secret: expect.stringMatching(/^[A-Z2-7]+$/) });
    expect(begun.body.data.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(begun.body.data.qrSvg).toContain('<svg');
    const secret = decodeBase32(begun.body.data.secret);

    const bad = await api.post('/v1/me/totp/confirm', { code: await wrongCode(server, secret) }, token);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('TOTP_INVALID');
    expect((await api.post('/v1/me/totp/confirm', { code: '12' }, token)).status).toBe(422);
    const confirmed = await api.post('/v1/me/totp/confirm', { code: await codeAt(server, secret) }, token);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.data.recoveryCodes).toHaveLength(10);

    clock.advance(STEP_MS);
    const login = await api.post('/v1/auth/login', { email: 'ada@example.com', password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.data).toMatchObject({ requires2fa: true, challenge: { methods: ['totp', 'recovery_code'] } });
    const challengeToken = login.body.data.challenge.token as string;
    const wrong = await api.post('/v1/auth/2fa', { challengeToken, code: await wrongCode(server, secret) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('TOTP_INVALID');
    const passed = await api.post('/v1/auth/2fa', { challengeToken, code: await codeAt(server, secret) });
    expect(passed.status).toBe(200);
    expect(passed.body.data).toMatchObject({ requires2fa: false, session: { aal: 2 } });
    const spent = await api.post('/v1/auth/2fa', { challengeToken, code: await codeAt(server, secret) });
    expect(spent.status).toBe(401);
    expect((await api.post('/v1/auth/2fa', {})).status).toBe(422);

    // Turning it off needs proof of the factor.
    const fresh = passed.body.data.tokens.accessToken as string;
    expect((await api.call('DELETE', '/v1/me/totp', { body: {}, token: fresh })).status).toBe(422);
    const recovery = confirmed.body.data.recoveryCodes[0] as string;
    const off = await api.call('DELETE', '/v1/me/totp', { body: { recoveryCode: recovery }, token: fresh });
    expect(off.status).toBe(200);
    expect((await api.get('/v1/me', fresh)).body.data.totpEnabled).toBe(false);
  });

  it('the password alone changes no existing device, revoked or not, until /v1/auth/2fa passes', async () => {
    const { api, server, clock } = await startHttp();
    const owner = { 'user-agent': 'Owner/1.0' };
    const registered = await api.call('POST', '/v1/auth/register', {
      body: {
        email: 'ada@example.com',
        password: PASSWORD,
        name: 'Ada',
        device: { id: 'laptop-1', name: 'Ada laptop', platform: 'macos', pushToken: 'push-laptop' },
      },
      headers: owner,
    });
    const token = registered.body.data.tokens.accessToken as string;
    const { secret } = await enrollTotp(server, token);
    const row = () => server.services.db.prepare("SELECT * FROM devices WHERE public_id = 'laptop-1'").get();

    // Someone with the password and the `did` of an access token, posing as that device.
    const did = jwtClaims(token).did as string;
    const forged = {
      body: { email: 'ada@example.com', password: PASSWORD, device: { pushToken: 'push-intruder' } },
      headers: {
        'x-device-id': did,
        'x-device-name': 'Not yours',
        'x-device-platform': 'windows',
        'user-agent': 'Intruder/6.6',
      },
    };
    clock.advance(60_000);
    const live = row();
    const first = await api.call('POST', '/v1/auth/login', forged);
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ requires2fa: true });
    expect(row()).toEqual(live);
    const listed = await api.get('/v1/devices', token);
    expect(listed.body.data).toEqual([
      expect.objectContaining({ id: 'laptop-1', name: 'Ada laptop', platform: 'macos' }),
    ]);

    // Revoked, it stays revoked on the password alone.
    expect((await api.call('DELETE', '/v1/devices/laptop-1', { token })).status).toBe(200);
    clock.advance(60_000);
    const revoked = row();
    expect(revoked).toMatchObject({ revoked_at: expect.any(Number) });
    const again = await api.call('POST', '/v1/auth/login', forged);
    expect(again.body.data).toMatchObject({ requires2fa: true });
    expect(row()).toEqual(revoked);

    // Both factors: the device comes back with the facts that came with the sign-in.
    clock.advance(STEP_MS);
    const passed = await api.call('POST', '/v1/auth/2fa', {
      body: { challengeToken: again.body.data.challenge.token, code: await codeAt(server, secret) },
      headers: forged.headers,
    });
    expect(passed.status).toBe(200);
    expect(passed.body.data.device).toMatchObject({ id: 'laptop-1', name: 'Not yours', platform: 'windows' });
    expect(row()).toMatchObject({
      revoked_at: null,
      name: 'Not yours',
      push_token: 'push-intruder',
      user_agent: 'Intruder/6.6',
      last_seen_at: clock.now(),
    });
  });
});
