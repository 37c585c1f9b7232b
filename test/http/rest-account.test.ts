// The REST facade's account, device and session routes: each one's success and error envelope.
import { describe, expect, it } from 'vitest';
import { startHttp } from '../helpers/http.ts';

describe('REST account routes', () => {
  it('GET /v1/me: the user, or 401 without a valid token', async () => {
    const { api } = await startHttp();
    const signedIn = await api.register();
    const me = await api.get('/v1/me', signedIn.tokens.accessToken);
    expect(me).toMatchObject({
      status: 200,
      body: { success: true, data: { id: signedIn.user.id, name: 'Ada Lovelace' } },
    });
    expect(me.body.data).not.toHaveProperty('password_hash');
    for (const token of [undefined, 'not-a-jwt', signedIn.tokens.idToken]) {
      const denied = await api.get('/v1/me', token);
      expect(denied.status).toBe(401);
      expect(denied.body).toEqual({
        success: false,
        error: { code: 'UNAUTHORIZED', message: 'You need to sign in again.' },
      });
    }
  });

  it('PATCH /v1/me renames; an empty name is 422', async () => {
    const { api } = await startHttp();
    const token = (await api.register()).tokens.accessToken;
    const renamed = await api.call('PATCH', '/v1/me', { body: { name: '  Ada King ' }, token });
    expect(renamed).toMatchObject({ status: 200, body: { data: { name: 'Ada King' } } });
    const bad = await api.call('PATCH', '/v1/me', { body: { name: '' }, token });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toHaveProperty('name');
  });

  it('DELETE /v1/me needs a recent sign-in (403 REAUTH_REQUIRED), then deletes', async () => {
    const { api, clock } = await startHttp();
    const stale = await api.register('old@example.com');
    clock.advance(6 * 60_000);
    const refused = await api.call('DELETE', '/v1/me', { token: stale.tokens.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('REAUTH_REQUIRED');
    const fresh = await api.login('old@example.com');
    const deleted = await api.call('DELETE', '/v1/me', { token: fresh.tokens.accessToken });
    expect(deleted).toMatchObject({ status: 200, body: { success: true, data: { deleted: true } } });
    expect((await api.get('/v1/me', fresh.tokens.accessToken)).status).toBe(401);
  });
});

describe('REST device and session routes', () => {
  it('lists, renames and revokes devices; unknown ids are 404', async () => {
    const { api } = await startHttp();
    const phone = await api.register('ada@example.com', { id: 'phone', name: 'Phone' });
    await api.login('ada@example.com', { id: 'laptop', name: 'Laptop' });
    const token = phone.tokens.accessToken;
    const list = await api.get('/v1/devices', token);
    expect(list.status).toBe(200);
    expect(list.body.data.map((d: { id: string; current: boolean }) => [d.id, d.current]).sort()).toEqual([
      ['laptop', false],
      ['phone', true],
    ]);
    const renamed = await api.call('PATCH', '/v1/devices/laptop', { body: { name: 'Work laptop' }, token });
    expect(renamed).toMatchObject({ status: 200, body: { data: { id: 'laptop', name: 'Work laptop' } } });
    const bad = await api.call('PATCH', '/v1/devices/laptop', { body: { name: '' }, token });
    expect(bad.status).toBe(422);
    const missing = await api.call('PATCH', '/v1/devices/nope', { body: { name: 'X' }, token });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const revoked = await api.call('DELETE', '/v1/devices/laptop', { token });
    expect(revoked).toMatchObject({ status: 200, body: { data: { revokedSessions: 1 } } });
    expect((await api.call('DELETE', '/v1/devices/nope', { token })).status).toBe(404);
    expect((await api.get('/v1/devices')).status).toBe(401);
  });

  it('lists sessions with the current one marked, and ends one; another user’s session is 404', async () => {
    const { api } = await startHttp();
    const first = await api.register();
    const second = await api.login();
    const other = await api.register('eve@example.com');
    const token = first.tokens.accessToken;
    const list = await api.get('/v1/sessions', token);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(2);
    expect(list.body.data.find((s: { current: boolean }) => s.current).id).toBe(first.session.id);
    expect((await api.call('DELETE', `/v1/sessions/${other.session.id}`, { token })).status).toBe(404);
    const ended = await api.call('DELETE', `/v1/sessions/${second.session.id}`, { token });
    expect(ended).toMatchObject({ status: 200, body: { success: true, data: { revokedSessions: 1 } } });
    expect((await api.get('/v1/me', second.tokens.accessToken)).status).toBe(401);
    expect((await api.get('/v1/sessions')).status).toBe(401);
  });
});
