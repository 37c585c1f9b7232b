// Live events at /v1/events: a WebSocket per session, authenticated by header or ?token=, that
// pushes the user's session and device changes at once and closes when its own session ends.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHttp } from '../helpers/http.ts';

interface Feed {
  socket: WebSocket;
  next(type: string): Promise<Record<string, unknown>>;
  closed: Promise<number>;
}

function connect(url: string, options: { token?: string; header?: string }): Promise<Feed> {
  const wsUrl = `${url.replace('http', 'ws')}/v1/events${options.token ? `?token=${options.token}` : ''}`;
  const socket = new WebSocket(wsUrl, options.header ? { headers: { authorization: `Bearer ${options.header}` } } : {});
  const seen: Array<Record<string, unknown>> = [];
  const waiters: Array<{ type: string; resolve: (m: Record<string, unknown>) => void }> = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    const waiter = waiters.findIndex((w) => w.type === message.type);
    if (waiter >= 0) waiters.splice(waiter, 1)[0]!.resolve(message);
    else seen.push(message);
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  const feed: Feed = {
    socket,
    closed,
    next: (type) => {
      const index = seen.findIndex((m) => m.type === type);
      if (index >= 0) return Promise.resolve(seen.splice(index, 1)[0]!);
      return new Promise((resolve) => waiters.push({ type, resolve }));
    },
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(feed));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

describe('live events', () => {
  it('with ?token=: pushes a new sign-in and a revoke within 100 ms, then ends with the session', async () => {
    const { api, url } = await startHttp();
    const phone = await api.register('ada@example.com', { id: 'phone' });
    const feed = await connect(url, { token: phone.tokens.accessToken });
    expect(await feed.next('ready')).toMatchObject({ sessionId: phone.session.id });

    const laptop = await api.login('ada@example.com', { id: 'laptop' });
    let started = performance.now();
    expect(await feed.next('session.created')).toMatchObject({ sessionId: laptop.session.id, deviceId: 'laptop' });
    expect(performance.now() - started).toBeLessThan(100);

    await api.call('DELETE', `/v1/sessions/${laptop.session.id}`, { token: phone.tokens.accessToken });
    started = performance.now();
    expect(await feed.next('session.revoked')).toMatchObject({ sessionId: laptop.session.id });
    expect(performance.now() - started).toBeLessThan(100);
    expect(feed.socket.readyState).toBe(WebSocket.OPEN);

    await api.post('/v1/auth/logout', undefined, phone.tokens.accessToken);
    expect(await feed.next('session.revoked')).toMatchObject({ sessionId: phone.session.id });
    expect(await feed.closed).toBe(4001);
  });

  it('with an Authorization header: sign-in, revoke and device changes arrive; other users’ do not', async () => {
    const { api, url } = await startHttp();
    const ada = await api.register('ada@example.com', { id: 'phone' });
    const feed = await connect(url, { header: ada.tokens.accessToken });
    await feed.next('ready');
    const tablet = await api.login('ada@example.com', { id: 'tablet' });
    expect(await feed.next('session.created')).toMatchObject({ sessionId: tablet.session.id, deviceId: 'tablet' });
    await api.post('/v1/auth/logout', undefined, tablet.tokens.accessToken);
    expect(await feed.next('session.revoked')).toMatchObject({ sessionId: tablet.session.id });
    await api.login('ada@example.com', { id: 'tablet' });
    await feed.next('session.created');
    await api.register('eve@example.com', { id: 'phone' });
    await api.call('PATCH', '/v1/devices/tablet', { body: { name: 'Kitchen' }, token: ada.tokens.accessToken });
    expect(await feed.next('device.updated')).toMatchObject({ deviceId: 'tablet' });
    await api.call('DELETE', '/v1/devices/tablet', { token: ada.tokens.accessToken });
    expect(await feed.next('device.revoked')).toMatchObject({ deviceId: 'tablet' });
    // Eve's sign-in was never delivered to Ada.
    const created = await Promise.race([feed.next('session.created'), Promise.resolve(undefined)]);
    expect(created).toBeUndefined();
    feed.socket.close();
  });

  it('refuses a bad, missing or refresh token with 401 and a foreign Host with 403', async () => {
    const { api, url, port } = await startHttp();
    const signedIn = await api.register();
    for (const options of [{ token: 'nope' }, {}, { token: signedIn.tokens.refreshToken }, { header: 'x.y.z' }]) {
      await expect(connect(url, options)).rejects.toThrow('refused: 401');
    }
    const foreign = new WebSocket(`ws://127.0.0.1:${port}/v1/events?token=${signedIn.tokens.accessToken}`, {
      headers: { host: 'attacker.test' },
    });
    foreign.on('error', () => {});
    const status = await new Promise((resolve) =>
      foreign.once('unexpected-response', (_q, res) => resolve(res.statusCode)),
    );
    expect(status).toBe(403);
  });
});
