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
