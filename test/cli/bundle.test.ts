// The bundled CLI that `npm run serve` runs (scripts/build-cli.ts) is the same server as
// main/cli.ts: it builds, serves the contract and live events, hashes in its bundled noble worker,
// and stops cleanly.
// It also starts lean: builtins that serving does not need at once are not loaded at start.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildCli, CLI_BUNDLE } from '../../scripts/build-cli.ts';
import { fastConfig, serveCli } from '../helpers/cli.ts';
import { FAST_PASSWORDS, PASSWORD, tempDir } from '../helpers/server.ts';

const root = join(import.meta.dirname, '..', '..');

describe('the bundled CLI', () => {
  beforeAll(buildCli, 60_000);

  it('serves sign-up, sign-in and JWKS, and stops cleanly', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    // The noble backend runs argon2id in worker threads: the bundle must carry its worker.
    const config = fastConfig(dir, { password: { ...FAST_PASSWORDS, backend: 'noble' } });
    const server = await serveCli(['--db', join(dir, 'auth.db'), '--config', config], {
      entry: join(root, CLI_BUNDLE),
    });
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const registered = await post('/v1/auth/register', { email: 'ada@example.com', password: PASSWORD, name: 'Ada' });
    expect(registered.status).toBe(200);
    const login = await post('/v1/auth/login', { email: 'ada@example.com', password: PASSWORD });
    const signedIn = (await login.json()) as { success: boolean; data: { tokens: { accessToken: string } } };
    expect(signedIn.success).toBe(true);
    const me = await fetch(`${server.url}/v1/me`, {
      headers: { authorization: `Bearer ${signedIn.data.tokens.accessToken}` },
    });
    expect(((await me.json()) as { data: { email: string } }).data.email).toBe('ada@example.com');
    const jwks = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: unknown[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    // Live events: ws loads from node_modules with the first connection.
    const events = new WebSocket(`${server.url.replace('http', 'ws')}/v1/events`, {
      headers: { authorization: `Bearer ${signedIn.data.tokens.accessToken}` },
    });
    const first = await new Promise<string>((resolve, reject) => {
      events.once('message', (data: Buffer) => resolve(data.toString()));
      events.once('error', reject);
    });
    expect(JSON.parse(first)).toMatchObject({ type: 'ready' });
    events.close();

    const stopped = await server.stop();
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/msg="stopped"/);
  });

  it('serves the built screens at / and health at /healthz (`npm run serve`)', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const server = await serveCli(['--dev', '--db', join(dir, 'auth.db'), '--config', fastConfig(dir)], {
      entry: join(root, CLI_BUNDLE),
    });
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toBe(readFileSync(join(root, 'renderer', 'dist', 'index.html'), 'utf8'));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await server.stop()).code).toBe(0);
  });

  it('serves and stops without loading what serving does not need', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const list = join(dir, 'loaded-modules.txt');
    const recorder = join(root, 'test', 'helpers', 'record-loaded-modules.ts');
    const server = await serveCli(['--db', join(dir, 'auth.db'), '--config', fastConfig(dir)], {
      entry: join(root, CLI_BUNDLE),
      env: { NODE_OPTIONS: `--import=${recorder}`, LATCHKEY_TEST_LOADED_MODULES: list },
    });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await server.stop()).code).toBe(0);

    const loaded = readFileSync(list, 'utf8').split('\n');
    expect(loaded).toContain('NativeModule http');
    expect(loaded).toContain('NativeModule crypto');
    const unneeded = [
      // ES imports of node:http would read its lazy WebSocket getter, which loads undici.
      'internal/deps/undici/undici',
      // ws requires them: it loads with the first live-events connection.
      'zlib',
      'tls',
      'https',
      // Static files only; node:fs/promises loads readline.
      'fs/promises',
      'internal/readline/interface',
      // The noble argon2 backend only.
      'worker_threads',
    ];
    expect(unneeded.filter((name) => loaded.includes(`NativeModule ${name}`))).toEqual([]);
  });
});
