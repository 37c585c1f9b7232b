/* eslint-disable @typescript-eslint/no-explicit-any -- JSON replies are checked by the assertions that read them */
// A real HTTP server on 127.0.0.1 for black-box tests, over an auth server from startServer
// (memory database, manual clock, cheap hashing), plus small clients for REST and raw requests.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterEach } from 'vitest';
import { createHttpServer } from '../../main/http/server.ts';
import type { ServerConfigInput } from '../../main/server/config.ts';
import { PASSWORD, startServer } from './server.ts';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

export async function startHttp(config: ServerConfigInput = {}, { dev = false, file = false } = {}) {
  const test = startServer({ ...config, devMode: dev || config.devMode }, { file });
  const http = createHttpServer(test.server, { port: 0, devClock: dev ? test.clock : undefined });
  const { url, port } = await http.listen();
  closers.push(() => http.close());
  return { ...test, http, url, port, api: client(url) };
}

export type Api = ReturnType<typeof client>;

export function client(url: string) {
  async function call<T = any>(
    method: string,
    path: string,
    options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(url + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }
  return {
    call,
    get: <T = any>(path: string, token?: string) => call<T>('GET', path, { token }),
    post: <T = any>(path: string, body?: unknown, token?: string) => call<T>('POST', path, { body, token }),
    async register(email = 'ada@example.com', device?: Record<string, string>) {
      const reply = await call('POST', '/v1/auth/register', {
        body: { email, password: PASSWORD, name: 'Ada Lovelace', ...(device ? { device } : {}) },
      });
      if (reply.status !== 200) throw new Error(`register failed: ${JSON.stringify(reply.body)}`);
      return reply.body.data;
    },
    async login(email = 'ada@example.com', device?: Record<string, string>) {
      const reply = await call('POST', '/v1/auth/login', {
        body: { email, password: PASSWORD, ...(device ? { device } : {}) },
      });
      if (reply.status !== 200) throw new Error(`login failed: ${JSON.stringify(reply.body)}`);
      return reply.body.data;
    },
  };
}

/** A request with full control of the headers (fetch will not send a forged Host). */
export function rawRequest(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string | undefined>; body?: string | Buffer },
): Promise<{ status: number; headers: IncomingHttpHeaders; body: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path ?? '/healthz', setHost: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    for (const [name, value] of Object.entries(options.headers ?? { host: `127.0.0.1:${port}` })) {
      if (value !== undefined) req.setHeader(name, value);
    }
    req.end(options.body);
  });
}

/**
 * POSTs `{email}` and answers what a prober could compare: status, headers (less Date) and the
 * body with the echoed email masked, so known and unknown emails can be checked byte for byte.
 */
export async function emailProbe(url: string, path: string, email: string) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== 'date'));
  return { status: response.status, headers, body: (await response.text()).replaceAll(email, 'EMAIL') };
}
