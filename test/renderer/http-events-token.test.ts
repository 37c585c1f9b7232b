// The screens' HTTP transport keeps its live events stream open across access token refreshes: a
// fresher token goes over the open socket as an `auth` message, and a stream the server closed for
// an expired token reconnects once the client has refreshed. Real server, real WebSocket (Node's).
import { decodeJwt } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { LatchkeyClient } from '../../renderer/lib/latchkey.ts';
import { httpTransport, type AccountEventMessage } from '../../renderer/lib/transport.ts';
import { startHttp } from '../helpers/http.ts';

/** Events as they arrive, and a way to wait for the next of a type. */
function recorder() {
  const seen: AccountEventMessage[] = [];
  const waiters: Array<{ type: string; resolve: (event: AccountEventMessage) => void }> = [];
  return {
    seen,
    push(event: AccountEventMessage) {
      const index = waiters.findIndex((w) => w.type === event.type);
      if (index >= 0) waiters.splice(index, 1)[0]!.resolve(event);
      else seen.push(event);
    },
    next(type: string): Promise<AccountEventMessage> {
      const index = this.seen.findIndex((event) => event.type === type);
      if (index >= 0) return Promise.resolve(this.seen.splice(index, 1)[0]!);
      return new Promise((resolve) => waiters.push({ type, resolve }));
    },
  };
}

describe('HTTP transport: live events across token refreshes', () => {
  it('sends a fresh token over the open socket; when the server closes it as expired, reconnects with the next', async () => {
    const { api, url, clock } = await startHttp();
    const signedIn = await api.register('ada@example.com', { id: 'phone' });
    const first = signedIn.tokens.accessToken as string;
    const events = recorder();
    let expired!: () => void;
    const tokenExpired = new Promise<void>((resolve) => (expired = resolve));
    const stream = httpTransport(url).listen(
      first,
      { sessionId: signedIn.session.id, deviceId: 'phone' },
      {
        onEvent: (event) => events.push(event),
        onSessionEnded: () => {},
        onTokenExpired: () => expired(),
      },
    );
    await events.next('ready');

    clock.advance(300_000);
    const second = (await api.post('/v1/auth/refresh', { refreshToken: signedIn.tokens.refreshToken })).body.data
      .tokens;
    stream.sendToken!(second.accessToken);
    await events.next('auth.ok');
    clock.set(decodeJwt(first).exp! * 1000 + 1000);
    // Still open past the first token's expiry: a new sign-in arrives on it.
    await api.login('ada@example.com', { id: 'laptop' });
    expect(await events.next('session.created')).toMatchObject({ deviceId: 'laptop' });

    clock.set(decodeJwt(second.accessToken).exp! * 1000);
    await tokenExpired;
    const third = (await api.post('/v1/auth/refresh', { refreshToken: second.refreshToken })).body.data.tokens;
    stream.sendToken!(third.accessToken);
    // A new connection (with the new token) that tells the screens to reload what they missed.
    expect(await events.next('ready')).toMatchObject({
      expiresAt: new Date(decodeJwt(third.accessToken).exp! * 1000).toISOString(),
    });
    await events.next('resync');
    stream();
  });

  it('the screens’ client refreshes when the stream closes for an expired token and keeps listening', async () => {
    const { api, url, clock } = await startHttp();
    const client = new LatchkeyClient(httpTransport(url));
    const signedIn = await client.api.auth.register.mutate({
      email: 'ada@example.com',
      password: 'correct horse battery staple',
      name: 'Ada',
    });
    if (signedIn.requires2fa) throw new Error('unexpected 2FA');
    const events = recorder();
    client.onAccountEvent((event) => events.push(event));
    client.signedIn(signedIn);
    // The stream is up once a sign-in elsewhere reaches it.
    await api.login('ada@example.com', { id: 'tablet' });
    await events.next('session.created');

    clock.set(Date.parse(signedIn.tokens.accessTokenExpiresAt));
    await events.next('resync');
    const renewed = client.active!.tokens!;
    expect(renewed.accessToken).not.toBe(signedIn.tokens.accessToken);
    expect(client.active!.session.id).toBe(signedIn.session.id);
    await api.login('ada@example.com', { id: 'laptop' });
    expect(await events.next('session.created')).toMatchObject({ deviceId: 'laptop' });
    // auth.ok is the stream's own business, never shown to the screens.
    expect(events.seen.map((event) => event.type)).not.toContain('auth.ok');
    await client.signOut();
  });

  it('the screens’ client refreshes a minute before expiry and hands the token to the open stream', async () => {
    const { api, url, clock } = await startHttp();
    clock.set(Date.now());
    const client = new LatchkeyClient(httpTransport(url));
    const signedIn = await client.api.auth.register.mutate({
      email: 'ada@example.com',
      password: 'correct horse battery staple',
      name: 'Ada',
    });
    if (signedIn.requires2fa) throw new Error('unexpected 2FA');
    const events = recorder();
    client.onAccountEvent((event) => events.push(event));
    // The client's renewal timer is taken aside to be run at once; any other timer runs as usual.
    const realSetTimeout = globalThis.setTimeout;
    const renewals: Array<{ run: () => void; ms: number }> = [];
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((run: () => void, ms?: number) => {
      if ((ms ?? 0) < 60_000) return realSetTimeout(run, ms);
      renewals.push({ run, ms: ms! });
      return realSetTimeout(() => {}, 0);
    }) as typeof setTimeout);
    try {
      client.signedIn(signedIn);
    } finally {
      spy.mockRestore();
    }
    const ttlMs = signedIn.tokens.expiresIn * 1000;
    expect(renewals).toHaveLength(1);
    expect(renewals[0]!.ms).toBeGreaterThan(ttlMs - 61_000);
    expect(renewals[0]!.ms).toBeLessThanOrEqual(ttlMs - 60_000);
    await api.login('ada@example.com', { id: 'tablet' });
    await events.next('session.created');

    clock.advance(renewals[0]!.ms);
    renewals[0]!.run();
    await vi.waitFor(() => expect(client.active!.tokens!.accessToken).not.toBe(signedIn.tokens.accessToken));
    // The server has the new token once a round trip after it has been answered: a sign-in event.
    await api.login('ada@example.com', { id: 'tv' });
    await events.next('session.created');
    clock.set(Date.parse(signedIn.tokens.accessTokenExpiresAt) + 1000);
    await api.login('ada@example.com', { id: 'laptop' });
    expect(await events.next('session.created')).toMatchObject({ deviceId: 'laptop' });
    // The same socket all along: no reconnect, so no resync.
    expect(events.seen.map((event) => event.type)).not.toContain('resync');
    await client.signOut();
  });
});
