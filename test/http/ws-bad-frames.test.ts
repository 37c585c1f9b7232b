// A bad frame from the peer (over a socket's maxPayload, invalid UTF-8) closes that socket with the
// protocol's code and nothing else: the server keeps serving, logs no error, and the socket stops
// counting against the caps once closed.
import { expect, it } from 'vitest';
import { startHttp } from '../helpers/http.ts';
import { openEvents } from '../helpers/event-socket.ts';
import { serveCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/server.ts';

const KIOSK = '/v1/device-code/events';
/** A text frame that is not UTF-8. */
const NOT_UTF8 = Buffer.from([0xc3, 0x28]);

it('the kiosk socket (no token) closes 1009 on an oversize frame and 1007 on invalid UTF-8', async () => {
  const { url, logs } = await startHttp();
  const oversize = await openEvents(url, { path: KIOSK });
  oversize.socket.send('x'.repeat(1024)); // over its 512-byte maxPayload
  expect((await oversize.closed).code).toBe(1009);
  const garbled = await openEvents(url, { path: KIOSK });
  garbled.socket.send(NOT_UTF8, { binary: false });
  expect((await garbled.closed).code).toBe(1007);
  expect(logs.filter((line) => line.startsWith('level=error'))).toEqual([]);
  expect(logs.filter((line) => line.includes('bad frame'))).toEqual([
    expect.stringMatching(/^level=debug .*path="\/v1\/device-code\/events" code="WS_ERR_UNSUPPORTED_MESSAGE_LENGTH"/),
    expect.stringMatching(/^level=debug .*code="WS_ERR_INVALID_UTF8"/),
  ]);
  // Closed sockets are released: a full per-address allowance (10) opens again.
  const again = await Promise.all(Array.from({ length: 10 }, () => openEvents(url, { path: KIOSK })));
  for (const socket of again) socket.socket.terminate();
});

it('the live-events socket closes 1009 on an oversize frame and the server keeps answering', async () => {
  const { api, url } = await startHttp();
  const token = (await api.register()).tokens.accessToken;
  const feed = await openEvents(url, { token });
  await feed.next('ready');
  feed.socket.send('x'.repeat(8 * 1024)); // over its 4 KiB maxPayload
  expect((await feed.closed).code).toBe(1009);
  expect((await api.get('/healthz')).status).toBe(200);
  const next = await openEvents(url, { token });
  expect(await next.next('ready')).toMatchObject({ type: 'ready' });
  next.socket.terminate();
});

it('latchkey serve survives an unauthenticated oversize frame', async () => {
  const serving = await serveCli(['--db', `${tempDir()}/auth.db`]);
  const socket = await openEvents(serving.url, { path: KIOSK });
  socket.socket.send('x'.repeat(1024));
  // A crash would drop the connection (1006) before the close frame, or refuse the next request.
  expect((await socket.closed).code).toBe(1009);
  expect((await fetch(`${serving.url}/healthz`)).status).toBe(200);
  expect(serving.child.exitCode, serving.output().stderr).toBeNull();
}, 30_000);
