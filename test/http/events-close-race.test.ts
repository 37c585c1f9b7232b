// close() of the HTTP server while a /v1/events upgrade is still checking its token: the upgrade
// is refused (503) instead of opening a socket nobody will close, and close() finishes.
import { connect } from 'node:net';
import WebSocket from 'ws';
import { expect, it } from 'vitest';
import { startHttp } from '../helpers/http.ts';

it('an events upgrade whose token check outlasts close() is refused 503, and close() finishes', async () => {
  const { api, url, server, http } = await startHttp();
  const token = (await api.register()).tokens.accessToken;
  // The token check waits until the test lets it go: close() begins in between.
  const admit = server.events.admit.bind(server.events);
  let admitting!: () => void;
  const started = new Promise<void>((resolve) => (admitting = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  server.events.admit = async (request) => {
    admitting();
    await released;
    return admit(request);
  };
  const socket = new WebSocket(`${url.replace('http', 'ws')}/v1/events?token=${token}`);
  socket.on('error', () => {});
  const refused = new Promise<number | undefined>((resolve, reject) => {
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode));
    socket.once('open', () => reject(new Error('the socket opened during close()')));
  });
  await started;
  const closed = http.close();
  release();
  expect(await refused).toBe(503);
  await closed;
});

it('an upgrade whose request completes once close() has begun is refused 503, and close() finishes', async () => {
  const { http, port } = await startHttp();
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const answer = new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('close', () => resolve(text));
  });
  // The headers arrive in two parts: close() begins between them.
  socket.write(`GET /v1/device-code/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\n`);
  const closed = http.close();
  socket.write(
    'Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
  );
  expect(await answer).toMatch(/^HTTP\/1\.1 503 /);
  await closed;
});
