// GET /v1/auth/methods and tRPC auth.methods over real HTTP: public (no token), and true to the
// server's config, so clients show only the sign-in methods it offers.
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../main/server/api/router.ts';
import { createAuthServer, type AuthServer } from '../../main/server/server.ts';
import { createHttpServer, type HttpServer } from '../../main/http/server.ts';
import type { ServerConfigInput } from '../../main/server/config.ts';
import { FAST_PASSWORDS } from '../helpers/server.ts';
import { client } from '../helpers/http.ts';

const opened: Array<{ auth: AuthServer; http: HttpServer }> = [];
afterEach(async () => {
  for (const { auth, http } of opened.splice(0)) {
    await http.close();
    await auth.close();
  }
});

/** No test defaults: the server's own, as `latchkey serve` without --dev would have them. */
async function serve(config: ServerConfigInput) {
  const auth = createAuthServer({ password: FAST_PASSWORDS, ...config });
  const http = createHttpServer(auth, { port: 0 });
  const { url } = await http.listen();
  opened.push({ auth, http });
  return url;
}

describe('auth.methods over HTTP', () => {
  it('with no mail transport: emailCode false over REST and tRPC, and a code request answers 503', async () => {
    const url = await serve({});
    const reply = await client(url).get('/v1/auth/methods');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.body).toEqual({
      success: true,
      data: {
        password: true,
        emailCode: false,
        totp: true,
        registration: true,
        passwordReset: false,
        deviceSignIn: true,
        magicLink: false,
        passkey: false,
      },
    });
    const trpc = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${url}/trpc` })] });
    expect(await trpc.auth.methods.query()).toEqual({
      password: true,
      emailCode: false,
      totp: true,
      registration: true,
      passwordReset: false,
      deviceSignIn: true,
      magicLink: false,
      passkey: false,
    });
    const code = await client(url).post('/v1/auth/email-code', { email: 'ada@example.com' });
    expect([code.status, code.body.error.code]).toEqual([503, 'EMAIL_NOT_CONFIGURED']);
  });

  it('with a transport and registration closed: emailCode true, registration false', async () => {
    const url = await serve({ email: { transport: 'outbox' }, registration: { open: false } });
    const reply = await client(url).get('/v1/auth/methods');
    expect(reply.body.data).toEqual({
      password: true,
      emailCode: true,
      totp: true,
      registration: false,
      passwordReset: true,
      deviceSignIn: true,
      magicLink: true,
      passkey: false,
    });
    const trpc = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${url}/trpc` })] });
    expect((await trpc.auth.methods.query()).registration).toBe(false);
    const register = await client(url).post('/v1/auth/register', {
      email: 'ada@example.com',
      password: 'correct horse battery staple',
      name: 'Ada',
    });
    expect([register.status, register.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('with registration closed, an email code makes no account: the answer is the same, no mail goes out', async () => {
    const auth = createAuthServer({
      password: FAST_PASSWORDS,
      email: { transport: 'outbox' },
      registration: { open: false },
    });
    const http = createHttpServer(auth, { port: 0 });
    const { url } = await http.listen();
    opened.push({ auth, http });
    const sent = await client(url).post('/v1/auth/email-code', { email: 'eve@example.com' });
    expect(sent.status).toBe(200);
    expect(auth.services.mail!.outbox({ email: 'eve@example.com' })).toHaveLength(0);
    const verify = await client(url).post('/v1/auth/email-code/verify', { email: 'eve@example.com', code: '123456' });
    expect([verify.status, verify.body.error.code]).toEqual([400, 'CODE_INVALID']);
    expect(auth.services.db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
  });
});
