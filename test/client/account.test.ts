// Devices, sessions and sign-out through latchkey/client, and live events on its WebSocket.
import { describe, expect, it } from 'vitest';
import type { LiveEvent, WebSocketConstructor } from '../../main/client/index.ts';
import { SESSION_ENDED } from '../../main/client/index.ts';
import { PASSWORD } from '../helpers/server.ts';
import { refusal, startClientServer } from './helpers.ts';

const EMAIL = 'ada@example.com';

describe('latchkey/client devices and sessions', () => {
  it('lists, renames, revokes and untrusts devices; lists and revokes sessions', async () => {
    const { newClient } = await startClientServer();
    const kiosk = newClient({ device: { name: 'Kiosk', platform: 'linux' } });
    const phone = newClient({ device: { name: 'Phone', platform: 'ios' } });
    await kiosk.register({ email: EMAIL, password: PASSWORD, name: 'Ada' });
    const onPhone = await phone.login({ email: EMAIL, password: PASSWORD });
    if (onPhone.requires2fa) throw new Error('unexpected challenge');

    const devices = await kiosk.devices.list();
    expect(devices.map((d) => [d.name, d.current]).sort()).toEqual([
      ['Kiosk', true],
      ['Phone', false],
    ]);
    expect(await kiosk.devices.rename(onPhone.device.id, "Ada's phone")).toMatchObject({ name: "Ada's phone" });
    const sessions = await kiosk.sessions.list();
    expect(sessions).toHaveLength(2);
    expect(await kiosk.sessions.revoke(onPhone.session.id)).toEqual({ revokedSessions: 1 });
    expect(await refusal(phone.me())).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    expect(await phone.isSignedIn()).toBe(false);

    await phone.login({ email: EMAIL, password: PASSWORD });
    expect(await kiosk.devices.revoke(onPhone.device.id)).toEqual({ revokedSessions: 1 });
    expect((await kiosk.devices.list()).map((d) => d.name)).toEqual(['Kiosk']);
    expect(await refusal(kiosk.devices.revoke('dev_unknown'))).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('sessions.revokeOthers and logoutAll (over /trpc, as REST has no route for them)', async () => {
    const { newClient } = await startClientServer();
    const a = newClient();
    const b = newClient();
    const c = newClient();
    await a.register({ email: EMAIL, password: PASSWORD, name: 'Ada' });
    await b.login({ email: EMAIL, password: PASSWORD });
    await c.login({ email: EMAIL, password: PASSWORD });
    expect(await a.sessions.revokeOthers()).toEqual({ revokedSessions: 2 });
    expect(await refusal(b.me())).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });

    await b.login({ email: EMAIL, password: PASSWORD });
    expect(await b.logoutAll()).toEqual({ revokedSessions: 2 });
    expect(await b.isSignedIn()).toBe(false);
    expect(await refusal(a.me())).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await refusal(b.logoutAll())).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
  });

  it('logout ends the session on the server and locally', async () => {
    const { newClient, api } = await startClientServer();
    const client = newClient();
    const signedIn = await client.register({ email: EMAIL, password: PASSWORD, name: 'Ada' });
    expect(await client.logout()).toEqual({ revokedSessions: 1 });
    expect(await client.isSignedIn()).toBe(false);
    expect((await api.get('/v1/me', signedIn.tokens.accessToken)).status).toBe(401);
  });
});

describe('latchkey/client live events', () => {
  it('connects with the access token, receives ready and account events, and ends with its session', async () => {
    const { newClient } = await startClientServer();
    const kiosk = newClient();
    const signedIn = await kiosk.register({ email: EMAIL, password: PASSWORD, name: 'Ada' });
    const events = eventQueue();
    let onClose: (info: { code: number; sessionEnded: boolean }) => void = () => {};
    const closed = new Promise<{ code: number; sessionEnded: boolean }>((resolve) => (onClose = resolve));
    const stream = await kiosk.connectEvents({ onEvent: events.push, onClose });
    expect(stream.sessionId).toBe(signedIn.session.id);
    expect(await events.next('ready')).toEqual({
      type: 'ready',
      sessionId: signedIn.session.id,
      expiresAt: signedIn.tokens.accessTokenExpiresAt,
    });

    const phone = newClient();
    await phone.login({ email: EMAIL, password: PASSWORD });
    expect(await events.next('session.created')).toMatchObject({ type: 'session.created', at: expect.any(String) });
    await phone.logout();
    expect(await events.next('session.revoked')).toMatchObject({ type: 'session.revoked' });
    await kiosk.logout();
    expect(await closed).toEqual({ code: 4001, reason: 'session ended', sessionEnded: true });
  });

  it('sends every new access token over the open socket as an auth message', async () => {
    const { newClient } = await startClientServer();
    const sent: string[] = [];
    const kiosk = newClient({ WebSocket: recordingWebSocket(sent) });
    await kiosk.register({ email: EMAIL, password: PASSWORD, name: 'Ada' });
    let onClose: (info: { code: number; sessionEnded: boolean }) => void = () => {};
    const closed = new Promise<{ code: number; sessionEnded: boolean }>((resolve) => (onClose = resolve));
    await kiosk.connectEvents({ onEvent: () => {}, onClose });

    const refreshed = await kiosk.refresh();
    expect(sent.map((text) => JSON.parse(text))).toEqual([{ type: 'auth', token: refreshed.tokens.accessToken }]);
    await kiosk.logout();
    // The server took the fresher token (the stream stayed open), and the stream ends with its session.
    expect((await closed).code).toBe(SESSION_ENDED);
  });

  it('a stale token is refreshed once before the stream opens', async () => {
    const { newClient, clock, count } = await startClientServer();
    const kiosk = newClient();
    await kiosk.register({ email: EMAIL, password: PASSWORD, name: 'Ada' });
    clock.advance(11 * 60_000);
    const events = eventQueue();
    const stream = await kiosk.connectEvents({ onEvent: events.push });
    expect((await events.next('ready')).type).toBe('ready');
    expect(count('POST /v1/auth/refresh')).toBe(1);
    stream.close();
  });
});

function eventQueue() {
  const seen: LiveEvent[] = [];
  const waiters: Array<{ type: string; resolve: (event: LiveEvent) => void }> = [];
  return {
    push: (event: LiveEvent) => {
      const index = waiters.findIndex((w) => w.type === event.type);
      if (index >= 0) waiters.splice(index, 1)[0]!.resolve(event);
      else seen.push(event);
    },
    next: (type: string) =>
      new Promise<LiveEvent>((resolve) => {
        const index = seen.findIndex((event) => event.type === type);
        if (index >= 0) resolve(seen.splice(index, 1)[0]!);
        else waiters.push({ type, resolve });
      }),
  };
}

/** The global WebSocket, recording what the client sends. */
function recordingWebSocket(sent: string[]): WebSocketConstructor {
  return class extends WebSocket {
    override send(data: string): void {
      sent.push(data);
      super.send(data);
    }
  };
}
