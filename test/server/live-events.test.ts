// auth.events: the server's one source of live news. Account events reach subscribers only once
// durable; listeners are admitted by their access token as any call is; a revoked session is no
// longer live; an unsubscribed listener hears nothing more.
import { describe, expect, it } from 'vitest';
import type { AccountEvent } from '../../main/server/services.ts';
import { PASSWORD, startServer } from '../helpers/server.ts';

describe('auth.events', () => {
  it('admits a live session by its access token, and forwards account events until unsubscribed', async () => {
    const { server } = startServer();
    const signedIn = await server.caller().auth.register({ email: 'ada@example.com', password: PASSWORD, name: 'Ada' });
    if (signedIn.requires2fa) throw new Error('unexpected second factor');
    const { accessToken } = signedIn.tokens;

    await expect(server.events.admit({ transport: 'http', locale: 'en' })).rejects.toMatchObject({
      errorCode: 'UNAUTHORIZED',
    });
    await expect(server.events.admit({ transport: 'http', locale: 'en', accessToken: 'nope' })).rejects.toMatchObject({
      errorCode: 'UNAUTHORIZED',
    });
    const listener = await server.events.admit({ transport: 'http', locale: 'en', accessToken });
    expect(listener).toEqual({
      userId: signedIn.user.id,
      sessionId: signedIn.session.id,
      expiresAt: expect.any(Number),
    });
    expect(server.events.isLive(listener.sessionId)).toBe(true);

    const heard: AccountEvent[] = [];
    const stop = server.events.on('account', (event) => heard.push(event));
    await server.caller({ accessToken }).sessions.revoke({ id: signedIn.session.id });
    await server.services.commits.durable();
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard).toEqual([{ userId: signedIn.user.id, kind: 'session.revoked', sessionId: signedIn.session.id }]);
    expect(server.events.isLive(listener.sessionId)).toBe(false);

    stop();
    server.services.events.emit('account', { userId: signedIn.user.id, kind: 'user.updated' });
    await server.services.commits.durable();
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard).toHaveLength(1);
  });
});
