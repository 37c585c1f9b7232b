// A refresh still in flight when the user signs out (or someone else signs in) must not bring its
// tokens back: docs/client.md, "Refresh" and `logout()` (tokens are forgotten locally).
import { describe, expect, it } from 'vitest';
import { memoryStorage, STORAGE_KEYS, type FetchLike } from '../../main/client/index.ts';
import { PASSWORD } from '../helpers/server.ts';
import { startClientServer } from './helpers.ts';

/** A fetch whose refresh answers wait until `release()`: the server has rotated, the client not yet heard. */
function heldRefresh() {
  let hold: Promise<void> | undefined;
  let release = () => {};
  let arrived = () => {};
  const answered = new Promise<void>((resolve) => (arrived = resolve));
  const fetchImpl: FetchLike = async (url, init) => {
    const response = await fetch(url, init);
    if (hold && url.endsWith('/v1/auth/refresh')) {
      arrived();
      await hold;
    }
    return response;
  };
  return {
    fetchImpl,
    holdNext: () => {
      hold = new Promise<void>((resolve) => (release = resolve));
    },
    answered,
    release: () => release(),
  };
}

/** Ada signed in, and a refresh of hers that the server has answered but the client not yet heard. */
async function adaMidRefresh() {
  const server = await startClientServer();
  const held = heldRefresh();
  const storage = memoryStorage();
  const client = server.newClient({ storage, fetch: held.fetchImpl });
  await client.register({ email: 'ada@example.com', password: PASSWORD, name: 'Ada' });
  held.holdNext();
  const refreshing = client.refresh().then(
    () => undefined,
    (error: unknown) => error,
  );
  await held.answered; // the server rotated; its answer is on the way
  return { ...server, client, storage, refreshing, release: held.release };
}

describe('latchkey/client: a refresh racing a sign-out or another sign-in', () => {
  it('logout while a refresh is in flight: signed out afterwards, no token stored', async () => {
    const { client, storage, refreshing, release } = await adaMidRefresh();
    expect(await client.logout()).toEqual({ revokedSessions: 1 });
    release();

    const error = await refreshing;
    expect(await client.isSignedIn()).toBe(false);
    expect(await storage.get(STORAGE_KEYS.refreshToken)).toBeUndefined();
    expect(await storage.get(STORAGE_KEYS.accessToken)).toBeUndefined();
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
  });

  it("another account's sign-in while a refresh is in flight keeps the new account's tokens", async () => {
    const { client, storage, refreshing, release, api } = await adaMidRefresh();
    await api.register('bo@example.com');
    const bo = await client.login({ email: 'bo@example.com', password: PASSWORD });
    if (bo.requires2fa) throw new Error('unexpected challenge');
    release();

    const error = await refreshing;
    expect(await storage.get(STORAGE_KEYS.refreshToken)).toBe(bo.tokens.refreshToken);
    expect((await client.me()).email).toBe('bo@example.com');
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
  });
});
