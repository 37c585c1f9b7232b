// A live events socket lives no longer than its access token: it closes with TOKEN_EXPIRED when
// the (manual) clock passes the token's exp, unless the client sent a fresher token for the same
// session as {"type":"auth","token":…}; a token that does not pass closes it with TOKEN_REJECTED.
import { SignJWT, decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SESSION_ENDED, TOKEN_EXPIRED, TOKEN_REJECTED } from '../../shared/events.ts';
import { OffsetClock, toIso } from '../../main/server/clock.ts';
import { createHttpServer } from '../../main/http/server.ts';
import { createAuthServer } from '../../main/server/server.ts';
import { client, startHttp } from '../helpers/http.ts';
import { FAST_PASSWORDS } from '../helpers/server.ts';
import { openEvents, type EventSocket } from '../helpers/event-socket.ts';

const sendAuth = (stream: EventSocket, token: string) => stream.socket.send(JSON.stringify({ type: 'auth', token }));

describe('live events and the access token', () => {
  it('the close codes are the documented numbers', () => {
    expect({ SESSION_ENDED, TOKEN_EXPIRED, TOKEN_REJECTED }).toEqual({
      SESSION_ENDED: 4001,
      TOKEN_EXPIRED: 4401,
      TOKEN_REJECTED: 4403,
    });
  });

  it('closes with TOKEN_EXPIRED when the clock reaches the token’s exp, though the session lives', async () => {
    const { api, url, clock } = await startHttp();
    const signedIn = await api.register();
    const token = signedIn.tokens.accessToken as string;
    const exp = decodeJwt(token).exp! * 1000;
    const stream = await openEvents(url, { token: token });
    expect(await stream.next('ready')).toMatchObject({ sessionId: signedIn.session.id, expiresAt: toIso(exp) });

    clock.set(exp - 1000);
    await stream.roundTrip();
    expect(stream.socket.readyState).toBe(WebSocket.OPEN);

    clock.set(exp);
    expect(await stream.closed).toEqual({ code: TOKEN_EXPIRED, reason: 'token expired' });
    // The session itself is untouched: its refresh token still works.
    const refreshed = await api.post('/v1/auth/refresh', { refreshToken: signedIn.tokens.refreshToken });
    expect(refreshed.status).toBe(200);
  });

  it('a fresher token sent over the socket keeps it open past the first exp, until the new one’s', async () => {
    const { api, url, clock } = await startHttp();
    const signedIn = await api.register('ada@example.com', { id: 'phone' });
    const first = signedIn.tokens.accessToken as string;
    const firstExp = decodeJwt(first).exp! * 1000;
    const stream = await openEvents(url, { token: first });
    await stream.next('ready');

    clock.advance(300_000);
    const refreshed = await api.post('/v1/auth/refresh', { refreshToken: signedIn.tokens.refreshToken });
    const second = refreshed.body.data.tokens.accessToken as string;
    const secondExp = decodeJwt(second).exp! * 1000;
    expect(secondExp).toBe(firstExp + 300_000);
    sendAuth(stream, second);
    expect(await stream.next('auth.ok')).toEqual({ type: 'auth.ok', expiresAt: toIso(secondExp) });

    clock.set(firstExp + 1000);
    await stream.roundTrip();
    expect(stream.socket.readyState).toBe(WebSocket.OPEN);
    // Still delivering events.
    await api.login('ada@example.com', { id: 'laptop' });
    expect(await stream.next('session.created')).toMatchObject({ deviceId: 'laptop' });

    // The older token again does not shorten its life.
    sendAuth(stream, first);
    await stream.roundTrip();
    clock.set(secondExp - 1000);
    await stream.roundTrip();
    expect(stream.socket.readyState).toBe(WebSocket.OPEN);

    clock.set(secondExp);
    expect((await stream.closed).code).toBe(TOKEN_EXPIRED);
  });

  it('a token sent just before exp wins even if the clock passes exp while it is being checked', async () => {
    const { api, url, clock } = await startHttp();
    const signedIn = await api.register();
    const first = signedIn.tokens.accessToken as string;
    const stream = await openEvents(url, { token: first });
    await stream.next('ready');
    clock.advance(590_000);
    const refreshed = await api.post('/v1/auth/refresh', { refreshToken: signedIn.tokens.refreshToken });
    const second = refreshed.body.data.tokens.accessToken as string;
    sendAuth(stream, second);
    // Wait only until the server has the message, not until it has checked it.
    await stream.roundTrip();
    clock.set(decodeJwt(first).exp! * 1000 + 1000);
    await stream.next('auth.ok');
    await stream.roundTrip();
    expect(stream.socket.readyState).toBe(WebSocket.OPEN);
    stream.socket.close();
  });

  it('closes with TOKEN_REJECTED for a forged, another user’s or another session’s token', async () => {
    const { api, url, server, clock } = await startHttp();
    const ada = await api.register('ada@example.com', { id: 'phone' });
    const adaLaptop = await api.login('ada@example.com', { id: 'laptop' });
    const bob = await api.register('bob@example.com', { id: 'tablet' });
    const key = await server.services.keys.signingKey();
    const now = Math.floor(clock.now() / 1000);
    const futureIat = await new SignJWT({ ...decodeJwt(ada.tokens.accessToken), iat: now + 86_400 })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: key.kid })
      .sign(key.privateKey);
    const bad = {
      garbage: 'not-a-jwt',
      refreshToken: ada.tokens.refreshToken as string,
      idToken: ada.tokens.idToken as string,
      otherUser: bob.tokens.accessToken as string,
      otherSession: adaLaptop.tokens.accessToken as string,
      futureIat,
    };
    for (const [name, token] of Object.entries(bad)) {
      const stream = await openEvents(url, { token: ada.tokens.accessToken });
      await stream.next('ready');
      sendAuth(stream, token);
      expect({ name, ...(await stream.closed) }).toEqual({ name, code: TOKEN_REJECTED, reason: 'token rejected' });
    }
  });

  it('a message that is not an auth message closes with 1003; revoking the session closes with SESSION_ENDED', async () => {
    const { api, url } = await startHttp();
    const signedIn = await api.register();
    const token = signedIn.tokens.accessToken as string;
    for (const message of ['hello', JSON.stringify({ type: 'auth' }), JSON.stringify({ type: 'subscribe', token })]) {
      const stream = await openEvents(url, { token: token });
      await stream.next('ready');
      stream.socket.send(message);
      expect((await stream.closed).code).toBe(1003);
    }
    const stream = await openEvents(url, { token: token });
    await stream.next('ready');
    await api.post('/v1/auth/logout', undefined, token);
    expect((await stream.closed).code).toBe(SESSION_ENDED);
  });

  it('dev mode: moving the server’s clock past exp (POST /v1/dev/clock) closes the socket at once', async () => {
    // The clock `serve --dev` runs on: real time plus an offset the dev route moves.
    const clock = new OffsetClock();
    const auth = createAuthServer({ devMode: true, password: FAST_PASSWORDS }, { clock });
    const http = createHttpServer(auth, { port: 0, devClock: clock });
    const { url } = await http.listen();
    try {
      const api = client(url);
      const signedIn = await api.register();
      const stream = await openEvents(url, { token: signedIn.tokens.accessToken });
      await stream.next('ready');
      expect((await api.post('/v1/dev/clock', { advanceSeconds: 300 })).status).toBe(200);
      await stream.roundTrip();
      expect(stream.socket.readyState).toBe(WebSocket.OPEN);
      expect((await api.post('/v1/dev/clock', { advanceSeconds: 300 })).status).toBe(200);
      expect((await stream.closed).code).toBe(TOKEN_EXPIRED);
    } finally {
      await http.close();
      await auth.close();
    }
  });
});
