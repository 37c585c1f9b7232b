/* eslint-disable @typescript-eslint/no-explicit-any -- JSON replies are checked by the assertions that read them */
// Run with Node in a fresh project that installed the packed tarball: a server from
// latchkey/server, served by latchkey/http (with the screens from inside the package), a sign-up
// and a sign-in over REST, and the access token verified against the server's JWKS with jose.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { createHttpServer } from 'latchkey/http';
import { createAuthServer } from 'latchkey/server';

const dir = mkdtempSync(join(tmpdir(), 'latchkey-smoke-'));
const auth = createAuthServer({ database: join(dir, 'auth.db'), issuer: 'smoke', audience: 'smoke-app' });
const http = createHttpServer(auth, { port: 0 });
const { url } = await http.listen();

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`package smoke test: ${what}`);
  console.log(`ok - ${what}`);
}

async function post(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

try {
  const page = await fetch(`${url}/`);
  check(page.status === 200 && (page.headers.get('content-type') ?? '').startsWith('text/html'), 'screens at /');
  const account = { email: 'ada@example.com', password: 'a long passphrase of my own', name: 'Ada' };
  const registered = await post('/v1/auth/register', account);
  check(registered.status === 200 && registered.body.success === true, 'sign-up');
  const signedIn = await post('/v1/auth/login', { email: account.email, password: account.password });
  check(signedIn.status === 200 && typeof signedIn.body.data.tokens.accessToken === 'string', 'sign-in');
  const keys = createRemoteJWKSet(new URL(`${url}/.well-known/jwks.json`));
  const { payload } = await jwtVerify(signedIn.body.data.tokens.accessToken, keys, {
    issuer: 'smoke',
    audience: 'smoke-app',
  });
  check(payload.sub === String(registered.body.data.user.id), 'access token verified against the JWKS');
  // The noble argon2 backend hashes in worker threads: the worker must ship beside the chunks.
  const noble = createAuthServer({ password: { backend: 'noble', memoryKiB: 1024, passes: 1 } });
  try {
    const viaWorker = await noble.caller({ transport: 'internal' }).auth.register(account);
    check(
      !viaWorker.requires2fa && viaWorker.user.email === account.email,
      'sign-up hashed by the packaged argon2 worker',
    );
  } finally {
    await noble.close();
  }
} finally {
  await http.close();
  await auth.close();
  rmSync(dir, { recursive: true, force: true });
}
