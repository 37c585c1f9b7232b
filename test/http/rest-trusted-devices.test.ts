// Trusted devices over real HTTP on 127.0.0.1: the device id travels in a header anyone can set
// (and every access token names it), so a sign-in skips the second factor only with the device
// trust token, sent as X-Device-Trust or device.trustToken.
import { describe, expect, it } from 'vitest';
import { client, startHttp, type Api } from '../helpers/http.ts';
import { PASSWORD } from '../helpers/server.ts';
import { codeAt, enrollTotp, jwtClaims, STEP_MS } from '../helpers/totp.ts';

const DAY = 86_400_000;
const credentials = (email = 'ada@example.com') => ({ email, password: PASSWORD });

/** Registers from `deviceId`, turns TOTP on, then trusts the device at the second factor. */
async function trustedOverHttp(
  test: Awaited<ReturnType<typeof startHttp>>,
  email = 'ada@example.com',
  deviceId = 'laptop-1',
) {
  const { api, server, clock } = test;
  const registered = await api.register(email, { id: deviceId });
  const { secret } = await enrollTotp(server, registered.tokens.accessToken);
  clock.advance(STEP_MS);
  const headers = { 'x-device-id': deviceId };
  const login = await api.call('POST', '/v1/auth/login', { body: credentials(email), headers });
  expect(login.body.data.requires2fa).toBe(true);
  const trusted = await api.call('POST', '/v1/auth/2fa', {
    body: { challengeToken: login.body.data.challenge.token, code: await codeAt(server, secret), trustDevice: true },
    headers,
  });
  expect(trusted.status).toBe(200);
  return trusted.body.data;
}

const signIn = (api: Api, headers: Record<string, string>, body: object = credentials()) =>
  api.call('POST', '/v1/auth/login', { body, headers });

describe('trusted devices over HTTP', () => {
  it('a second client with the same X-Device-Id but no trust token still gets the challenge', async () => {
    const test = await startHttp();
    const trusted = await trustedOverHttp(test);
    const trustToken = trusted.tokens.deviceTrustToken as string;
    expect(trustToken).toMatch(/^[\w-]{43}$/);
    expect(trusted.device).toMatchObject({ id: 'laptop-1', trustedUntil: expect.any(String) });

    // The device id is no secret: it is the `did` claim of every access token.
    const did = jwtClaims(trusted.tokens.accessToken).did as string;
    expect(did).toBe('laptop-1');
    const other = client(test.url);
    const thief = await signIn(other, { 'x-device-id': did });
    expect(thief.status).toBe(200);
    expect(thief.body.data).toMatchObject({ requires2fa: true, challenge: { methods: ['totp', 'recovery_code'] } });
    expect(thief.body.data).not.toHaveProperty('tokens');
    const wrong = await signIn(other, { 'x-device-id': did, 'x-device-trust': 'A'.repeat(43) });
    expect(wrong.body.data.requires2fa).toBe(true);
    const malformed = await signIn(other, { 'x-device-id': did, 'x-device-trust': 'not a token' });
    expect(malformed.status).toBe(422);
    expect(malformed.body.error).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(malformed.body.error.details).toHaveProperty(['headers.x-device-trust']);

    // With the token, as a header or in the body, the trusted device signs in with one factor.
    const owner = await signIn(other, { 'x-device-id': 'laptop-1', 'x-device-trust': trustToken });
    expect(owner.body.data).toMatchObject({ requires2fa: false, session: { amr: ['pwd'], aal: 1 } });
    expect(owner.body.data.tokens).not.toHaveProperty('deviceTrustToken');
    const inBody = await signIn(other, {}, { ...credentials(), device: { id: 'laptop-1', trustToken } });
    expect(inBody.body.data).toMatchObject({ requires2fa: false, device: { id: 'laptop-1' } });
    // The token is bound to the device it was issued to.
    const elsewhere = await signIn(other, { 'x-device-id': 'phone-2', 'x-device-trust': trustToken });
    expect(elsewhere.body.data.requires2fa).toBe(true);
  });

  it('an expired trust gets the challenge (fake clock)', async () => {
    const test = await startHttp({ totp: { trustDeviceDays: 2 } });
    const trustToken = (await trustedOverHttp(test)).tokens.deviceTrustToken as string;
    const headers = { 'x-device-id': 'laptop-1', 'x-device-trust': trustToken };
    test.clock.advance(2 * DAY - 1000);
    expect((await signIn(test.api, headers)).body.data.requires2fa).toBe(false);
    test.clock.advance(1000);
    expect((await signIn(test.api, headers)).body.data.requires2fa).toBe(true);
  });

  it('an untrusted device gets the challenge (DELETE /v1/devices/:id/trust)', async () => {
    const test = await startHttp();
    const trusted = await trustedOverHttp(test);
    const headers = { 'x-device-id': 'laptop-1', 'x-device-trust': trusted.tokens.deviceTrustToken };
    const untrusted = await test.api.call('DELETE', '/v1/devices/laptop-1/trust', {
      token: trusted.tokens.accessToken,
    });
    expect(untrusted.status).toBe(200);
    expect(untrusted.body.data).toMatchObject({ id: 'laptop-1', trustedUntil: null });
    expect((await signIn(test.api, headers)).body.data.requires2fa).toBe(true);
    expect((await test.api.call('DELETE', '/v1/devices/laptop-1/trust')).status).toBe(401);
  });

  it("a trust token of user A on user B's account does nothing", async () => {
    const test = await startHttp();
    const ada = await trustedOverHttp(test, 'ada@example.com', 'shared-pc');
    test.clock.advance(STEP_MS);
    // Grace trusted the same device id, with her own token.
    await trustedOverHttp(test, 'grace@example.com', 'shared-pc');
    const headers = { 'x-device-id': 'shared-pc', 'x-device-trust': ada.tokens.deviceTrustToken };
    const grace = await signIn(test.api, headers, credentials('grace@example.com'));
    expect(grace.body.data.requires2fa).toBe(true);
    expect((await signIn(test.api, headers)).body.data.requires2fa).toBe(false);
  });

  it('the OpenAPI document describes the trust token, its header and the untrust route', async () => {
    const { api } = await startHttp();
    const doc = (await api.get('/openapi.json')).body;
    const login = doc.paths['/v1/auth/login'].post;
    expect(login.parameters).toContainEqual(expect.objectContaining({ name: 'X-Device-Trust', in: 'header' }));
    const body = login.requestBody.content['application/json'].schema;
    expect(body.properties.device.properties.trustToken).toMatchObject({ type: 'string', maxLength: 128 });
    const tokens =
      doc.paths['/v1/auth/2fa'].post.responses[200].content['application/json'].schema.properties.data.properties
        .tokens;
    expect(tokens.properties.deviceTrustToken).toMatchObject({ type: 'string' });
    expect(tokens.required).not.toContain('deviceTrustToken');
    expect(doc.paths['/v1/devices/{id}/trust'].delete).toMatchObject({
      operationId: 'devices.untrust',
      security: [{ bearer: [] }],
    });
  });
});
