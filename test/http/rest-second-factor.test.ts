// TOTP over REST: enroll and confirm (POST /v1/me/totp, /confirm), sign in through the challenge
// (POST /v1/auth/2fa) and turn it off (DELETE /v1/me/totp), each with its error envelope.
import { describe, expect, it } from 'vitest';
import { decodeBase32 } from '../../main/server/totp/totp-code.ts';
import { codeAt, STEP_MS, wrongCode } from '../helpers/totp.ts';
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
});
