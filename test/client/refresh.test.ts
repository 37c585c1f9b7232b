// Automatic refresh with rotation: a stale access token is refreshed once, however many calls
// find it stale at the same time, and the refresh token it spent is refused from then on.
import { describe, expect, it } from 'vitest';
import { memoryStorage, STORAGE_KEYS } from '../../main/client/index.ts';
import { PASSWORD } from '../helpers/server.ts';
import { refusal, startClientServer } from './helpers.ts';

const EMAIL = 'ada@example.com';
/** Past the default 10-minute access-token lifetime and its 30 s clock tolerance. */
const PAST_ACCESS_TTL_MS = 11 * 60_000;

describe('latchkey/client refresh', () => {
  it('ten calls refused as UNAUTHORIZED after the server clock passed expiry make exactly one refresh', async () => {
    const { newClient, clock, count, requests } = await startClientServer();
    const client = newClient();
    await client.register({ email: EMAIL, password: PASSWORD, name: 'Ada' });
    const before = await client.accessToken();
    clock.advance(PAST_ACCESS_TTL_MS);
    requests.length = 0;

    const users = await Promise.all(Array.from({ length: 10 }, () => client.me()));
    expect(users.every((user) => user.email === EMAIL)).toBe(true);
    expect(count('POST /v1/auth/refresh')).toBe(1);
    // Each call: the refused try and the retry with the new token.
    expect(count('GET /v1/me')).toBe(20);
    expect(await client.accessToken()).not.toBe(before);
  });

  it("ten calls that find the token expired by the device's clock make one refresh and no refused call", async () => {
    const { newClient, clock, requests } = await startClientServer();
    let deviceNow = Date.UTC(2026, 5, 1);
    const client = newClient({ now: () => deviceNow });
    await client.register({ email: EMAIL, password: PASSWORD, name: 'Ada' });
    clock.advance(PAST_ACCESS_TTL_MS);
    deviceNow += PAST_ACCESS_TTL_MS;
    requests.length = 0;

    await Promise.all(Array.from({ length: 10 }, () => client.sessions.list()));
    expect(requests.sort()).toEqual(['POST /v1/auth/refresh', ...Array<string>(10).fill('GET /v1/sessions')].sort());
  });

  it('a short access-token lifetime is used, not refreshed at once: the margin is a quarter of it', async () => {
    const { newClient, requests } = await startClientServer({ tokens: { accessTtl: 8 } });
    let deviceNow = Date.UTC(2026, 5, 1);
    const client = newClient({ now: () => deviceNow });
    await client.register({ email: EMAIL, password: PASSWORD, name: 'Ada' });
    requests.length = 0;
    deviceNow += 5_999;
    await client.me();
    expect(requests).toEqual(['GET /v1/me']);
    deviceNow += 1;
    await client.me();
    expect(requests).toEqual(['GET /v1/me', 'POST /v1/auth/refresh', 'GET /v1/me']);
  });

  it('rotates: the spent refresh token is refused as REFRESH_TOKEN_REUSED, and the stored one changed', async () => {
    const { newClient, api } = await startClientServer();
    const storage = memoryStorage();
    const client = newClient({ storage });
    const signedIn = await client.register({ email: EMAIL, password: PASSWORD, name: 'Ada' });
    const spent = signedIn.tokens.refreshToken;

    const [a, b] = await Promise.all([client.refresh(), client.refresh()]);
    expect(a).toBe(b);
    expect(a.tokens.refreshToken).not.toBe(spent);
    expect(await storage.get(STORAGE_KEYS.refreshToken)).toBe(a.tokens.refreshToken);

    const reused = await api.post('/v1/auth/refresh', { refreshToken: spent });
    expect(reused.status).toBe(401);
    expect(reused.body.error.code).toBe('REFRESH_TOKEN_REUSED');
  });

  it('a refused refresh ends the sign-in: the call fails UNAUTHORIZED and the tokens are forgotten', async () => {
    const { newClient, clock, api } = await startClientServer();
    const storage = memoryStorage();
    const client = newClient({ storage });
    const signedIn = await client.register({ email: EMAIL, password: PASSWORD, name: 'Ada' });
    const other = await api.login(EMAIL);
    expect(
      (await api.call('DELETE', `/v1/sessions/${signedIn.session.id}`, { token: other.tokens.accessToken })).status,
    ).toBe(200);
    clock.advance(PAST_ACCESS_TTL_MS);

    expect(await refusal(client.me())).toMatchObject({ code: 'UNAUTHORIZED', status: 401, isNetworkError: false });
    expect(await client.isSignedIn()).toBe(false);
    expect(await storage.get(STORAGE_KEYS.refreshToken)).toBeUndefined();
    // The device id stays: the next sign-in is the same device.
    expect(await storage.get(STORAGE_KEYS.deviceId)).toBe(signedIn.device.id);
    expect(await refusal(client.me())).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
  });

  it('without tokens an authenticated call fails UNAUTHORIZED without a request', async () => {
    const { newClient, requests } = await startClientServer();
    expect(await refusal(newClient().me())).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    expect(requests).toEqual([]);
  });
});
