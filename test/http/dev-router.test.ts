// Dev mode is the router's `dev` group, mounted only on a server in dev mode: without it the
// procedures do not exist on any transport (REST 404, /trpc NOT_FOUND, not in OpenAPI or IPC);
// with it REST, /trpc and IPC serve the same procedures, and `dev.reset` ends live streams through
// the server's own event source (auth.events).
import { describe, expect, it } from 'vitest';
import { createHttpServer } from '../../main/http/server.ts';
import { declaredProcedures } from '../../main/server/api/declared.ts';
import { ManualClock } from '../../main/server/clock.ts';
import { createAuthServer } from '../../main/server/server.ts';
import { FAST_PASSWORDS } from '../helpers/server.ts';
import { startHttp } from '../helpers/http.ts';
import { openEvents } from '../helpers/event-socket.ts';
import { dataOf, errorCodeOf, startIpc } from '../helpers/ipc.ts';

const DEV_PROCEDURES = ['dev.clock', 'dev.outbox', 'dev.captchaAnswer', 'dev.config', 'dev.reset', 'dev.seedUser'];

const devPaths = (router: object) =>
  declaredProcedures(router)
    .map((procedure) => procedure.path)
    .filter((path) => path.startsWith('dev.'));

describe('the dev router', () => {
  it('is absent without dev mode: no dev.* in the router, /trpc answers NOT_FOUND', async () => {
    const { server, url } = await startHttp();
    expect(devPaths(server.router)).toEqual([]);
    const reply = await fetch(`${url}/trpc/dev.outbox`);
    expect(reply.status).toBe(404);
    const body = (await reply.json()) as { error: { data: { error: { code: string } } } };
    expect(body.error.data.error.code).toBe('NOT_FOUND');
  });

  it('in dev mode every dev route is a declared procedure, named by it in OpenAPI and served at /trpc', async () => {
    const { server, url, api } = await startHttp({}, { dev: true });
    expect(devPaths(server.router)).toEqual(DEV_PROCEDURES);
    const doc = (await api.get('/openapi.json')).body;
    expect(doc.paths['/v1/dev/outbox'].get.operationId).toBe('dev.outbox');
    expect(doc.paths['/v1/dev/users'].post.operationId).toBe('dev.seedUser');
    expect(doc.paths['/v1/dev/reset'].post.tags).toEqual(['dev']);

    await api.post('/v1/auth/email-code', { email: 'ada@example.com' });
    const input = encodeURIComponent(JSON.stringify({ email: 'ada@example.com' }));
    const reply = await fetch(`${url}/trpc/dev.outbox?input=${input}`);
    expect(reply.status).toBe(200);
    const body = (await reply.json()) as { result: { data: { messages: Array<{ to: string; code: string }> } } };
    expect(body.result.data.messages).toEqual([
      expect.objectContaining({ to: 'ada@example.com', code: expect.stringMatching(/^\d{6}$/) }),
    ]);
    // The in-process caller of a dev-mode server reaches dev.* as REST does.
    const caller = server.caller() as unknown as { dev: { config(input: object): Promise<unknown> } };
    expect(await caller.dev.config({})).toEqual({ autoRegister: true, captchaPolicy: 'afterFailures' });
  });

  it('dev.reset publishes on auth.events: open event streams close with 1001', async () => {
    const { server, url, api } = await startHttp({}, { dev: true });
    const signedIn = await api.register();
    const stream = await openEvents(url, { token: signedIn.tokens.accessToken });
    await stream.next('ready');
    const resets: number[] = [];
    const stop = server.events.on('reset', () => resets.push(1));
    expect((await api.post('/v1/dev/reset')).status).toBe(200);
    expect(await stream.closed).toEqual({ code: 1001, reason: 'server going away' });
    expect(resets).toEqual([1]);
    stop();
  });

  it('over IPC: dev.outbox in dev mode (and app.devOutbox forwarding to it), NOT_FOUND without', async () => {
    const prod = startIpc();
    expect(errorCodeOf(await prod.frame().call('query', 'dev.outbox', { limit: 5 }))).toBe('NOT_FOUND');
    const dev = startIpc({ config: { devMode: true } });
    const frame = dev.frame();
    await frame.call('mutation', 'auth.requestEmailCode', { email: 'ada@example.com' });
    const { messages } = dataOf<{ messages: Array<{ to: string }> }>(
      await frame.call('query', 'dev.outbox', { limit: 5 }),
    );
    expect(messages.map((message) => message.to)).toEqual(['ada@example.com']);
    expect(dataOf<unknown[]>(await frame.call('query', 'app.devOutbox'))).toEqual(messages);
  });

  it('follows the server: a dev-mode server never leaves loopback, and devClock must be its own clock', async () => {
    const clock = new ManualClock();
    const auth = createAuthServer({ database: ':memory:', devMode: true, password: FAST_PASSWORDS }, { clock });
    try {
      const tls = { certFile: 'unused.pem', keyFile: 'unused.pem' };
      expect(() => createHttpServer(auth, { host: '192.0.2.10', allowLan: true, tls })).toThrow(
        'dev mode serves loopback only; refusing to listen on 192.0.2.10',
      );
      expect(() => createHttpServer(auth, { port: 0, devClock: new ManualClock() })).toThrow(
        "devClock must be the auth server's own clock",
      );
    } finally {
      await auth.close();
    }
  });
});
