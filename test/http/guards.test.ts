// Transport guards (docs/security.md R58, R59, R61, R44): Host header, CORS, JSON-only bodies, size
// limits, methods, response headers, and X-Forwarded-For trusted only from a configured proxy.
import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../helpers/server.ts';
import { rawRequest, startHttp } from '../helpers/http.ts';

describe('HTTP guards', () => {
  it('every answer carries no-store, nosniff and a JSON content type', async () => {
    const { api } = await startHttp();
    for (const reply of [await api.get('/healthz'), await api.get('/v1/me'), await api.get('/nowhere')]) {
      expect(reply.headers.get('cache-control')).toBe('no-store');
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
      expect(reply.headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
    expect((await api.get('/healthz')).body).toMatchObject({ success: true, data: { status: 'ok' } });
  });

  it('checks the Host header against the bound address and configured names (DNS rebinding)', async () => {
    const { port } = await startHttp({ http: { allowedHosts: ['kiosk.lan'] } });
    const status = async (host: string | undefined) =>
      (await rawRequest(port, { path: '/healthz', headers: { host } })).status;
    expect(await status(`127.0.0.1:${port}`)).toBe(200);
    expect(await status(`localhost:${port}`)).toBe(200);
    expect(await status(`kiosk.lan:${port}`)).toBe(200);
    expect(await status(`attacker.test:${port}`)).toBe(403);
    expect(await status('127.0.0.1:1')).toBe(403);
    expect(await status(undefined)).toBe(403);
    const refused = await rawRequest(port, { headers: { host: `attacker.test:${port}` } });
    expect(refused.body).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
  });

  it('CORS is off by default: a foreign origin gets 403 and no Access-Control-Allow-Origin', async () => {
    const { port } = await startHttp();
    const host = `127.0.0.1:${port}`;
    const preflight = await rawRequest(port, {
      method: 'OPTIONS',
      path: '/v1/auth/login',
      headers: { host, origin: 'https://evil.test', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const get = await rawRequest(port, { headers: { host, origin: 'https://evil.test' } });
    expect(get.status).toBe(403);
    // The server's own pages are same-origin, not CORS.
    const same = await rawRequest(port, { headers: { host, origin: `http://${host}` } });
    expect(same.status).toBe(200);
    expect(same.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('reflects only allowlisted origins, never *', async () => {
    const { port } = await startHttp({ http: { corsOrigins: ['https://app.example.com'] } });
    const host = `127.0.0.1:${port}`;
    const preflight = await rawRequest(port, {
      method: 'OPTIONS',
      path: '/v1/auth/login',
      headers: { host, origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(preflight.headers['access-control-allow-headers']).toContain('Authorization');
    const get = await rawRequest(port, { headers: { host, origin: 'https://app.example.com' } });
    expect(get.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(get.headers.vary).toBe('Origin');
    const other = await rawRequest(port, { headers: { host, origin: 'https://app.example.com.evil.test' } });
    expect(other.status).toBe(403);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('accepts JSON only: text/plain and form posts are 415, on REST and tRPC', async () => {
    const { port } = await startHttp();
    const host = `127.0.0.1:${port}`;
    const body = JSON.stringify({ email: 'a@example.com', password: PASSWORD });
    for (const [path, type] of [
      ['/v1/auth/login', 'text/plain'],
      ['/v1/auth/login', 'application/x-www-form-urlencoded'],
      ['/trpc/auth.login', 'text/plain'],
      ['/trpc/auth.login', 'multipart/form-data; boundary=x'],
    ]) {
      const reply = await rawRequest(port, { method: 'POST', path, headers: { host, 'content-type': type }, body });
      expect(reply.status, `${path} ${type}`).toBe(415);
      expect(reply.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    const broken = await rawRequest(port, {
      method: 'POST',
      path: '/v1/auth/login',
      headers: { host, 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(broken.status).toBe(422);
  });

  it('limits the body size: 413 whether declared or streamed', async () => {
    const { port } = await startHttp({ http: { maxBodyBytes: 4096 } });
    const host = `127.0.0.1:${port}`;
    const big = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(5000) });
    const declared = await rawRequest(port, {
      method: 'POST',
      path: '/v1/auth/login',
      headers: { host, 'content-type': 'application/json', 'content-length': String(big.length) },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const streamed = await rawRequest(port, {
      method: 'POST',
      path: '/v1/auth/login',
      headers: { host, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: big,
    });
    expect(streamed.status).toBe(413);
    const trpc = await rawRequest(port, {
      method: 'POST',
      path: '/trpc/auth.login',
      headers: { host, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: big,
    });
    expect(trpc.status).toBe(413);
  });

  it('unknown routes are 404 and unused methods 405, in the envelope', async () => {
    const { port, api } = await startHttp();
    const host = `127.0.0.1:${port}`;
    const missing = await api.get('/v1/nothing-here');
    expect(missing).toMatchObject({ status: 404, body: { success: false, error: { code: 'NOT_FOUND' } } });
    const trace = await rawRequest(port, { method: 'TRACE', path: '/', headers: { host } });
    expect(trace.status).toBe(405);
    const put = await rawRequest(port, { method: 'PUT', path: '/v1/me', headers: { host } });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, PATCH, DELETE, OPTIONS');
    const post = await api.post('/v1/devices');
    expect(post.status).toBe(405);
    expect(post.body.error.code).toBe('METHOD_NOT_ALLOWED');
    // A tRPC mutation cannot be reached with GET (side-effect-free queries only).
    expect((await api.get('/trpc/auth.logout')).status).toBe(405);
  });

  it('a request target no URL parser takes (//[) is 404 NOT_FOUND, as a request or an upgrade, and no error', async () => {
    const { port, logs } = await startHttp();
    const host = `127.0.0.1:${port}`;
    const request = await rawRequest(port, { path: '//[', headers: { host } });
    expect([request.status, request.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const upgrade = await rawRequest(port, {
      path: '//[',
      headers: { host, connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13' },
    });
    expect([upgrade.status, upgrade.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect(logs.filter((line) => line.startsWith('level=error'))).toEqual([]);
  });

  it('ignores X-Forwarded-For unless the peer is a trusted proxy', async () => {
    const login = { email: 'ada@example.com', password: PASSWORD };
    const headers = { 'x-forwarded-for': '198.51.100.7, 203.0.113.9' };
    const direct = await startHttp();
    await direct.api.register();
    const spoofed = await direct.api.call('POST', '/v1/auth/login', { body: login, headers });
    expect(spoofed.body.data.device.ipAddress).toBe('127.0.0.1');
    const proxied = await startHttp({ http: { trustedProxies: ['127.0.0.1'] } });
    await proxied.api.register();
    const forwarded = await proxied.api.call('POST', '/v1/auth/login', { body: login, headers });
    expect(forwarded.body.data.device.ipAddress).toBe('203.0.113.9');
  });
});
