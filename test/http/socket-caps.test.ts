// WebSocket caps as a client meets them: a capped upgrade is refused 429 RATE_LIMITED with a
// Retry-After header, like any other 429 (docs/rest-api.md).
import WebSocket from 'ws';
import { expect, it } from 'vitest';
import { startHttp } from '../helpers/http.ts';
import { openEvents, type EventSocket } from '../helpers/event-socket.ts';

/** Opens a socket expected to be refused: its status, Retry-After and envelope. */
function refused(wsUrl: string) {
  return new Promise<{ status: number; retryAfter: unknown; code: unknown }>((resolve, reject) => {
    const socket = new WebSocket(wsUrl);
    socket.on('error', () => {});
    socket.once('open', () => reject(new Error('not capped')));
    socket.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        const body = JSON.parse(text) as { error: { code: string } };
        resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], code: body.error.code });
      });
    });
  });
}

const closeAll = (sockets: EventSocket[]) => sockets.forEach((events) => events.socket.terminate());

it('the 11th kiosk socket from one address is refused 429 RATE_LIMITED with Retry-After: 5', async () => {
  const { url } = await startHttp();
  const open = await Promise.all(Array.from({ length: 10 }, () => openEvents(url, { path: '/v1/device-code/events' })));
  expect(await refused(`${url.replace('http', 'ws')}/v1/device-code/events`)).toEqual({
    status: 429,
    retryAfter: '5',
    code: 'RATE_LIMITED',
  });
  closeAll(open);
});

it('one account holds at most 20 live-events sockets; the 21st is refused 429 with Retry-After: 5', async () => {
  const { api, url } = await startHttp();
  const ada = (await api.register('ada@example.com')).tokens.accessToken;
  const open = await Promise.all(Array.from({ length: 20 }, () => openEvents(url, { token: ada })));
  const wsUrl = (token: string) => `${url.replace('http', 'ws')}/v1/events?token=${token}`;
  expect(await refused(wsUrl(ada))).toEqual({ status: 429, retryAfter: '5', code: 'RATE_LIMITED' });
  // Another account is not held up, and a closed socket frees its place.
  const bob = await openEvents(url, { token: (await api.register('bob@example.com')).tokens.accessToken });
  open[0]!.socket.close();
  await open[0]!.closed;
  const again = await openEvents(url, { token: ada });
  expect(await again.next('ready')).toMatchObject({ type: 'ready' });
  closeAll([...open, bob, again]);
});

it('the server holds at most 1000 live-events sockets in all', async () => {
  const { api, url } = await startHttp({ limits: { register: { address: 100 } } });
  const tokens = [];
  for (let i = 0; i < 51; i++) tokens.push((await api.register(`user${i}@example.com`)).tokens.accessToken);
  const open: EventSocket[] = [];
  for (const token of tokens.slice(0, 50))
    open.push(...(await Promise.all(Array.from({ length: 20 }, () => openEvents(url, { token })))));
  expect(open).toHaveLength(1000);
  expect(await refused(`${url.replace('http', 'ws')}/v1/events?token=${tokens[50]}`)).toEqual({
    status: 429,
    retryAfter: '5',
    code: 'RATE_LIMITED',
  });
  closeAll(open);
}, 60_000);
