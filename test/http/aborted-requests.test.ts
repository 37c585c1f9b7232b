// A client that gives up on a request (drops the connection mid-body, or is too slow and timed out)
// is not a server failure: it is logged at debug, so a slowloris crowd cannot flood the error log.
// A real failure inside the server is still logged at error.
import { connect, type Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { createHttpServer } from '../../main/http/server.ts';
import type { Logger } from '../../main/server/logger.ts';
import { formatLogLine } from '../../main/server/logger.ts';
import { startServer } from '../helpers/server.ts';

async function serve(options: { requestTimeoutMs?: number } = {}) {
  const test = startServer();
  const lines: string[] = [];
  const logger: Logger = { log: (level, message, fields) => lines.push(formatLogLine(level, message, fields)) };
  const http = createHttpServer(test.server, { port: 0, logger, ...options });
  const { port } = await http.listen();
  return { ...test, http, port, lines };
}

/** A socket that has sent `text` and is still connected. */
function openWith(port: number, text: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text, () => resolve(socket)));
    socket.on('error', reject);
  });
}

const closed = (socket: Socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()));

/** Headers of a JSON POST that promises more body than it will send. */
const partialPost = (port: number, path: string) =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"email":"a`;

const requestLines = (lines: string[]) => lines.filter((line) => line.includes('msg="http request'));

describe('aborted and timed-out requests', () => {
  it('200 sockets that send part of a request and hang up write no error line', async () => {
    const { port, lines, http } = await serve();
    const paths = ['/v1/auth/login', '/trpc/auth.login', '/v1/auth/register', '/trpc/auth.register'];
    const sockets = await Promise.all(
      Array.from({ length: 200 }, (_, i) => openWith(port, partialPost(port, paths[i % paths.length]!))),
    );
    // A few that hang up halfway through the headers never reach a handler: nothing to log.
    const headersOnly = await Promise.all(
      Array.from({ length: 10 }, () => openWith(port, `POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`)),
    );
    for (const socket of [...sockets, ...headersOnly]) socket.destroy();

    // Every body read ended in the handler (one line each), none of them at error.
    await vi.waitFor(() => expect(requestLines(lines)).toHaveLength(200), { timeout: 10_000, interval: 20 });
    expect(lines.filter((line) => line.startsWith('level=error'))).toEqual([]);
    expect(requestLines(lines)[0]).toMatch(/^level=debug msg="http request aborted" reason="(aborted|ECONNRESET)"/);
    await http.close();
  });

  it('a request timed out by the server is not an error either', async () => {
    const { port, lines, http } = await serve({ requestTimeoutMs: 300 });
    const slow = await openWith(port, partialPost(port, '/v1/auth/login'));
    const answer: Buffer[] = [];
    slow.on('data', (chunk: Buffer) => answer.push(chunk));
    // Headers that never finish are timed out by node itself before any handler runs.
    const slowHeaders = await openWith(port, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
    slowHeaders.on('data', () => {});
    await Promise.all([closed(slow), closed(slowHeaders)]);
    expect(Buffer.concat(answer).toString()).toMatch(/^HTTP\/1\.1 408 /);
    await vi.waitFor(() => expect(requestLines(lines)).toHaveLength(1), { timeout: 5000, interval: 20 });
    expect(lines.filter((line) => line.startsWith('level=error'))).toEqual([]);
    expect(requestLines(lines)[0]).toMatch(/^level=debug msg="http request aborted"/);
    await http.close();
  });

  it('a real failure inside the server is still logged at error', async () => {
    const { port, lines, http, server } = await serve();
    server.services.db.close();
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ success: false, error: { code: 'INTERNAL' } });
    expect(requestLines(lines)).toEqual(['level=error msg="http request failed" error="TypeError"']);
    await http.close();
  });
});
