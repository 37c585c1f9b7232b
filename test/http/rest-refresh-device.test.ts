// Refresh over REST is bound to the session's device (docs/security.md R29): without a device id it
// refreshes for that device; with another device's id (header or body) it is refused, and that
// other device's row does not move.
import { describe, expect, it } from 'vitest';
import { startHttp } from '../helpers/http.ts';
import { jwtClaims } from '../helpers/totp.ts';

describe('REST refresh and the device', () => {
  it('omitted: the session’s device; another id: 401, nothing moved, token still good', async () => {
    const { api, server, clock } = await startHttp();
    const onA = await api.register('ada@example.com', { id: 'device-a' });
    await api.login('ada@example.com', { id: 'device-b' });
    const rowOf = (id: string) =>
      server.services.db.prepare('SELECT last_seen_at, user_agent FROM devices WHERE public_id = ?').get(id);
    const b = rowOf('device-b');
    clock.advance(60_000);

    const refresh = (refreshToken: string, headers: Record<string, string> = {}, device?: object) =>
      api.call('POST', '/v1/auth/refresh', { body: { refreshToken, ...(device ? { device } : {}) }, headers });
    const header = await refresh(onA.tokens.refreshToken, { 'x-device-id': 'device-b' });
    expect(header.status).toBe(401);
    expect(header.body.error.code).toBe('UNAUTHORIZED');
    const body = await refresh(onA.tokens.refreshToken, {}, { id: 'device-b' });
    expect(body.status).toBe(401);
    expect(rowOf('device-b')).toEqual(b);

    const omitted = await refresh(onA.tokens.refreshToken, { 'user-agent': 'elsewhere/1.0' });
    expect(omitted.status).toBe(200);
    expect(omitted.body.data.device.id).toBe('device-a');
    expect(jwtClaims(omitted.body.data.tokens.accessToken).did).toBe('device-a');
    expect(rowOf('device-a')).toEqual({ last_seen_at: clock.now(), user_agent: 'elsewhere/1.0' });
    expect(rowOf('device-b')).toEqual(b);

    const matching = await refresh(omitted.body.data.tokens.refreshToken, { 'x-device-id': 'device-a' });
    expect(matching.status).toBe(200);
  });
});
