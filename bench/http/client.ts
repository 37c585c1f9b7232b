// The load generator's HTTP client: an undici Pool with keep-alive, one connection per
// concurrent worker and no pipelining, aimed only at 127.0.0.1.
import { Pool } from 'undici';

export const HOST = '127.0.0.1';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  json?: unknown;
}

export interface HttpClient {
  readonly origin: string;
  req(method: 'GET' | 'POST' | 'DELETE' | 'PATCH', path: string, options?: RequestOptions): Promise<Reply>;
  close(): Promise<void>;
}

export function httpClient(port: number, connections: number): HttpClient {
  const origin = `http://${HOST}:${port}`;
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  return {
    origin,
    async req(method, path, { headers = {}, json } = {}) {
      const body = json === undefined ? undefined : JSON.stringify(json);
      const allHeaders = body === undefined ? headers : { ...headers, 'content-type': 'application/json' };
      const reply = await pool.request({ method, path, headers: allHeaders, body });
      const text = await reply.body.text();
      const type = String(reply.headers['content-type'] ?? '');
      return {
        status: reply.statusCode,
        headers: reply.headers,
        body: type.includes('json') && text ? (JSON.parse(text) as unknown) : text,
      };
    },
    close: () => pool.close(),
  };
}

/** Throws with the status and the start of the body unless the reply has the expected status. */
export function expectStatus(reply: Reply, expected: number | readonly number[], what: string): Reply {
  const ok = typeof expected === 'number' ? reply.status === expected : expected.includes(reply.status);
  if (!ok) throw new Error(`${what}: HTTP ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`);
  return reply;
}
