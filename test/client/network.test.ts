// Network failures are their own kind: no answer is never mistaken for a refusal, and a refresh
// that got no answer keeps the tokens for the next try.
import { describe, expect, it } from 'vitest';
import {
  createLatchkeyClient,
  LatchkeyError,
  LatchkeyNetworkError,
  memoryStorage,
  NETWORK_ERROR,
  STORAGE_KEYS,
  type FetchLike,
} from '../../main/client/index.ts';
import { PASSWORD } from '../helpers/server.ts';
import { refusal, startClientServer } from './helpers.ts';

describe('latchkey/client network failures', () => {
  it('a closed server is a LatchkeyNetworkError: code NETWORK_ERROR, status 0, isNetworkError', async () => {
    const { url, http } = await startClientServer();
    await http.close();
    const error = await refusal(createLatchkeyClient({ url }).requestEmailCode({ email: 'ada@example.com' }));
    expect(error).toBeInstanceOf(LatchkeyNetworkError);
    expect(error).toMatchObject({ code: NETWORK_ERROR, status: 0, isNetworkError: true, name: 'LatchkeyNetworkError' });
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('no answer within timeoutMs is a network error too', async () => {
    const hanging: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    const client = createLatchkeyClient({ url: 'http://127.0.0.1:9', fetch: hanging, timeoutMs: 1 });
    const error = await refusal(client.requestCaptcha());
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', isNetworkError: true });
    expect(error.message).toContain('no answer within 1 ms');
  });

  it('an answer outside the envelope (a proxy page) is a refusal with the status, not a network error', async () => {
    const proxy: FetchLike = async () => ({
      status: 502,
      headers: { get: () => null },
      text: async () => '<html>Bad gateway</html>',
    });
    const error = await refusal(createLatchkeyClient({ url: 'http://proxy.test', fetch: proxy }).requestCaptcha());
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 502, isNetworkError: false });
    expect(error).not.toBeInstanceOf(LatchkeyNetworkError);
  });

  it('a refresh with no answer keeps the tokens; the next call refreshes once the server is back', async () => {
    const { url, newClient, clock } = await startClientServer();
    let offline = false;
    const flaky: FetchLike = (target, init) =>
      offline ? Promise.reject(new TypeError('fetch failed')) : fetch(target, init);
    const storage = memoryStorage();
    const client = newClient({ storage, fetch: flaky });
    await client.register({ email: 'ada@example.com', password: PASSWORD, name: 'Ada' });
    const stored = await storage.get(STORAGE_KEYS.refreshToken);
    clock.advance(11 * 60_000);

    offline = true;
    const error = await refusal(client.refresh());
    expect(error.isNetworkError).toBe(true);
    expect(await storage.get(STORAGE_KEYS.refreshToken)).toBe(stored);

    offline = false;
    expect((await client.me()).email).toBe('ada@example.com');
    expect(url).toBe(client.url);
    expect(error).toBeInstanceOf(LatchkeyError);
  });
});
