// Live events at /v1/events: a WebSocket per session, authenticated by header or ?token=, that
// pushes the user's session and device changes at once and closes when its own session ends.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { client, startHttp } from '../helpers/http.ts';
import { fastConfig, runCli, serveCli } from '../helpers/cli.ts';
import { PASSWORD, tempDir } from '../helpers/server.ts';
import { codeAt, seedTotpUser, STEP_MS } from '../helpers/totp.ts';
import type { AuthServer } from '../../main/server/server.ts';
import type { AccountEvent } from '../../main/server/services.ts';
import { openEvents, type EventSocket } from '../helpers/event-socket.ts';

/**
 * When the server next announces an account event of `kind`: delivery is timed from there, so a
 * loaded machine's slow request handling does not count against the push itself.
 */
function announced(server: AuthServer, kind: AccountEvent['kind']): Promise<number> {
  return new Promise((resolve) => {
    const listener = (event: AccountEvent) => {
      if (event.kind !== kind) return;
      server.services.events.off('account', listener);
      resolve(performance.now());
    };
    server.services.events.on('account', listener);
  });
}

/** Resolves with `promise`, or fails once `ms` have passed: a bound, not a sleep. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`nothing within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

describe('live events', () => {
  it('with ?token=: pushes a new sign-in and a revoke within 100 ms, then ends with the session', async () => {
    const { api, url, server } = await startHttp();
    const phone = await api.register('ada@example.com', { id: 'phone' });
    const feed = await openEvents(url, { token: phone.tokens.accessToken });
    expect(await feed.next('ready')).toMatchObject({ sessionId: phone.session.id });

    // From the moment the server announces the change to the moment the socket has it.
    let started = announced(server, 'session.created');
    const signingIn = api.login('ada@example.com', { id: 'laptop' });
    const created = await feed.next('session.created');
    expect(performance.now() - (await started)).toBeLessThan(100);
    const laptop = await signingIn;
    expect(created).toMatchObject({ sessionId: laptop.session.id, deviceId: 'laptop' });

    started = announced(server, 'session.revoked');
    const revoking = api.call('DELETE', `/v1/sessions/${laptop.session.id}`, { token: phone.tokens.accessToken });
    expect(await feed.next('session.revoked')).toMatchObject({ sessionId: laptop.session.id });
    expect(performance.now() - (await started)).toBeLessThan(100);
    expect((await revoking).status).toBe(200);
    expect(feed.socket.readyState).toBe(WebSocket.OPEN);

    await api.post('/v1/auth/logout', undefined, phone.tokens.accessToken);
    expect(await feed.next('session.revoked')).toMatchObject({ sessionId: phone.session.id });
    expect((await feed.closed).code).toBe(4001);
  });

  it('with an Authorization header: sign-in, revoke and device changes arrive; other users’ do not', async () => {
    const { api, url } = await startHttp();
    const ada = await api.register('ada@example.com', { id: 'phone' });
    const feed = await openEvents(url, { header: ada.tokens.accessToken });
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

  it('pushes trust changes: trusted at the second factor, then untrusted (device.updated)', async () => {
    const { api, url, server, clock } = await startHttp({}, { dev: true });
    const email = 'otp@example.com';
    const { secret } = await seedTotpUser(api, clock, email);
    const phone = await api.post('/v1/auth/login', {
      email,
      password: PASSWORD,
      totpCode: await codeAt(server, secret),
      device: { id: 'phone' },
    });
    const token = phone.body.data.tokens.accessToken as string;
    const feed = await openEvents(url, { token });
    await feed.next('ready');

    const challenge = await api.post('/v1/auth/login', { email, password: PASSWORD, device: { id: 'laptop' } });
    const challengeToken = challenge.body.data.challenge.token as string;
    clock.advance(STEP_MS);
    const code = await codeAt(server, secret);
    let started = announced(server, 'device.updated');
    const trusting = api.post('/v1/auth/2fa', { challengeToken, code, trustDevice: true });
    expect(await feed.next('device.updated')).toMatchObject({ deviceId: 'laptop' });
    expect(performance.now() - (await started)).toBeLessThan(100);
    const trusted = await trusting;
    expect(trusted.body.data.device).toMatchObject({ id: 'laptop', trustedUntil: expect.any(String) });

    // devices.untrust is reached through tRPC.
    started = announced(server, 'device.updated');
    const untrusting = fetch(`${url}/trpc/devices.untrust`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ id: 'laptop' }),
    });
    expect(await feed.next('device.updated')).toMatchObject({ deviceId: 'laptop' });
    expect(performance.now() - (await started)).toBeLessThan(100);
    expect((await untrusting).status).toBe(200);
    const devices = (await api.get('/v1/devices', token)).body.data as Array<{ id: string; trustedUntil: unknown }>;
    expect(devices.find((device) => device.id === 'laptop')?.trustedUntil).toBeNull();
    feed.socket.close();
  });

  it('refuses a foreign Origin with 403; accepts the server’s own and an allowlisted one', async () => {
    const { api, url, port } = await startHttp({ http: { corsOrigins: ['https://app.example.com'] } });
    const token = (await api.register()).tokens.accessToken;
    await expect(openEvents(url, { token, origin: 'https://evil.test' })).rejects.toThrow('refused: 403');
    await expect(openEvents(url, { token, origin: 'https://app.example.com.evil.test' })).rejects.toThrow(
      'refused: 403',
    );
    for (const origin of [`http://127.0.0.1:${port}`, 'https://app.example.com']) {
      const feed = await openEvents(url, { token, origin });
      expect(await feed.next('ready')).toMatchObject({ type: 'ready' });
      feed.socket.close();
    }
  });

  it('refuses a bad, missing or refresh token with 401 and a foreign Host with 403', async () => {
    const { api, url, port } = await startHttp();
    const signedIn = await api.register();
    for (const options of [{ token: 'nope' }, {}, { token: signedIn.tokens.refreshToken }, { header: 'x.y.z' }]) {
      await expect(openEvents(url, options)).rejects.toThrow('refused: 401');
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

describe('live events and changes made by another process', () => {
  it(
    'a session revoked or a user disabled by the CLI closes its socket with a revoke event',
    { timeout: 90_000 },
    async () => {
      const dir = tempDir();
      const db = join(dir, 'auth.db');
      const config = fastConfig(dir);
      const server = await serveCli(['--db', db, '--config', config]);
      const api = client(server.url);
      const ada = await api.register('ada@example.com', { id: 'phone' });
      const adaLaptop = await api.login('ada@example.com', { id: 'laptop' });
      const bob = await api.register('bob@example.com', { id: 'tablet' });
      const feeds = await Promise.all(
        [ada, adaLaptop, bob].map((signedIn) => openEvents(server.url, { token: signedIn.tokens.accessToken })),
      );
      const [phoneFeed, laptopFeed, bobFeed] = feeds as [EventSocket, EventSocket, EventSocket];
      for (const feed of feeds) await feed.next('ready');

      const revoked = await runCli(['sessions', 'revoke', ada.session.id, '--db', db, '--config', config]).finished;
      expect(revoked).toMatchObject({ code: 0, stdout: `revoked ${ada.session.id}\n` });
      let after = performance.now();
      expect(await within(2000, phoneFeed.next('session.revoked'))).toMatchObject({ sessionId: ada.session.id });
      expect((await within(2000, phoneFeed.closed)).code).toBe(4001);
      expect(performance.now() - after).toBeLessThan(1500);
      // Ada's other session and Bob's are untouched.
      expect(laptopFeed.socket.readyState).toBe(WebSocket.OPEN);
      expect(bobFeed.socket.readyState).toBe(WebSocket.OPEN);

      const disabled = await runCli(['users', 'disable', 'bob@example.com', '--db', db, '--config', config]).finished;
      expect(disabled.code).toBe(0);
      after = performance.now();
      expect(await within(2000, bobFeed.next('session.revoked'))).toMatchObject({ sessionId: bob.session.id });
      expect((await within(2000, bobFeed.closed)).code).toBe(4001);
      expect(performance.now() - after).toBeLessThan(1500);
      expect(laptopFeed.socket.readyState).toBe(WebSocket.OPEN);
      laptopFeed.socket.close();
      expect((await server.stop()).code).toBe(0);
    },
  );
});
