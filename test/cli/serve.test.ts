// `latchkey serve` as a child process: the one listening line, loopback unless --allow-lan,
// dev mode only when asked, and a graceful stop that loses no acknowledged write.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PASSWORD, tempDir } from '../helpers/server.ts';
import { client } from '../helpers/http.ts';
import { fastConfig, runCli, serveCli } from '../helpers/cli.ts';

describe('latchkey serve', () => {
  it('prints exactly one listening line, serves, and stops cleanly on SIGTERM with the database closed', async () => {
    const dir = tempDir();
    const db = join(dir, 'auth.db');
    const server = await serveCli(['--db', db, '--config', fastConfig(dir)]);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const api = client(server.url);
    expect((await api.get('/healthz')).status).toBe(200);
    await api.register();
    expect((await api.post('/v1/dev/clock', { advanceSeconds: 60 })).status).toBe(404);
    const done = await server.stop('SIGTERM');
    expect(done.code).toBe(0);
    expect(done.stdout).toBe(`Latchkey listening on ${server.url}\n`);
    expect(done.stderr).toContain('msg="stopped"');
    expect(done.stderr).not.toContain('DEV MODE');
    const check = new Database(db, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(check.prepare('SELECT email FROM users').all()).toEqual([{ email: 'ada@example.com' }]);
    check.close();
  });

  it('on a port in use says so in one line with --port 0, and exits 1', async () => {
    const busy = createServer();
    await new Promise<void>((listening) => busy.listen(0, '127.0.0.1', listening));
    const { port } = busy.address() as AddressInfo;
    try {
      const db = join(tempDir(), 'auth.db');
      // With mail configured, so the start logs nothing else before the refusal.
      const config = fastConfig(tempDir(), { email: { transport: 'outbox' } });
      const taken = await runCli(['serve', '--port', String(port), '--db', db, '--config', config]).finished;
      expect(taken.code).toBe(1);
      expect(taken.stdout).toBe('');
      expect(taken.stderr).toBe(
        `latchkey: error: 127.0.0.1:${port} is already in use (another Latchkey running?): pass --port 0 for a free port\n`,
      );
    } finally {
      busy.close();
    }
  });

  it('refuses a non-loopback host without --allow-lan, and dev mode beyond loopback at all', async () => {
    const dir = tempDir();
    const db = join(dir, 'auth.db');
    const lan = await runCli(['serve', '--host', '192.0.2.10', '--db', db]).finished;
    expect(lan.code).toBe(1);
    expect(lan.stderr).toContain('refusing to listen on 192.0.2.10');
    expect(lan.stdout).toBe('');
    const plaintext = await runCli(['serve', '--host', '192.0.2.10', '--allow-lan', '--db', db]).finished;
    expect(plaintext).toMatchObject({ code: 1, stderr: expect.stringContaining('LAN mode needs TLS') });
    const dev = await runCli(['serve', '--host', '192.0.2.10', '--allow-lan', '--dev', '--db', db]).finished;
    expect(dev.code).toBe(1);
    expect(dev.stderr).toContain('dev mode serves loopback only');
    const badPort = await runCli(['serve', '--port', '70000', '--db', db]).finished;
    expect(badPort.code).toBe(2);
  });

  it('--dev adds the dev routes, warns in the log, and its clock expires access tokens', async () => {
    const dir = tempDir();
    const server = await serveCli(['--dev', '--db', join(dir, 'auth.db'), '--config', fastConfig(dir)]);
    const api = client(server.url);
    const signedIn = await api.register();
    expect((await api.get('/v1/me', signedIn.tokens.accessToken)).status).toBe(200);
    expect((await api.post('/v1/dev/clock', { advanceSeconds: 631 })).status).toBe(200);
    expect((await api.get('/v1/me', signedIn.tokens.accessToken)).status).toBe(401);
    const seeded = await api.post('/v1/dev/users', { email: 'kiosk@example.com', password: PASSWORD });
    expect(seeded.status).toBe(200);
    const done = await server.stop('SIGINT');
    expect(done.code).toBe(0);
    expect(done.stderr).toContain('DEV MODE');
  });

  it(
    '--dev --config: a demo account signs in with its fixed code, and dev settings change the live server',
    { timeout: 90_000 },
    async () => {
      const dir = tempDir();
      const db = join(dir, 'auth.db');
      const demo = { email: 'demo@latchkey.dev', code: '123456' };
      const config = fastConfig(dir, { email: { demoAccounts: [demo], autoRegister: false } });
      // Demo accounts take a public code: refused outside dev mode.
      const refused = await runCli(['serve', '--port', '0', '--db', db, '--config', config]).finished;
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('email.demoAccounts accept a fixed, public code');

      const server = await serveCli(['--dev', '--db', db, '--config', config]);
      // The demo account is printed with the URL, so a new user can sign in at once.
      await expect
        .poll(() => server.output().stdout)
        .toBe(`Latchkey listening on ${server.url}\nDemo account: demo@latchkey.dev, code 123456\n`);
      const api = client(server.url);
      const requested = await api.post('/v1/auth/email-code', { email: demo.email });
      expect(requested.body).toEqual({ success: true, data: { email: demo.email, expiresIn: 600, resendAfter: 60 } });
      expect((await api.get('/v1/dev/outbox')).body.data.messages).toEqual([]); // nothing is sent
      const wrong = await api.post('/v1/auth/email-code/verify', { email: demo.email, code: '654321' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.code).toBe('CODE_INVALID');
      const signedIn = await api.call('POST', '/v1/auth/email-code/verify', {
        body: { email: demo.email, code: demo.code },
        headers: { 'x-device-id': 'demo-phone' },
      });
      expect(signedIn.status).toBe(200);
      // Auto-registration is off, yet the demo account is created on its first sign-in.
      expect(signedIn.body.data).toMatchObject({
        requires2fa: false,
        user: { email: demo.email, hasPassword: false, emailVerified: true },
        device: { id: 'demo-phone' },
      });
      expect((await api.get('/v1/me', signedIn.body.data.tokens.accessToken)).body.data.email).toBe(demo.email);
      // Every other email still needs a real code, and auto-registration can be turned on live.
      const other = await api.post('/v1/auth/email-code/verify', { email: 'eve@example.com', code: demo.code });
      expect(other.body.error.code).toBe('CODE_INVALID');
      const settings = await api.post('/v1/dev/config', { autoRegister: true, captchaPolicy: 'always' });
      expect(settings.body.data).toEqual({ autoRegister: true, captchaPolicy: 'always' });
      expect((await api.post('/v1/auth/email-code', { email: 'eve@example.com' })).body.error.code).toBe(
        'CAPTCHA_REQUIRED',
      );
      const { captchaId } = (await api.post('/v1/auth/captcha')).body.data;
      const { answer } = (await api.get(`/v1/dev/captcha/${captchaId}`)).body.data;
      const sent = await api.post('/v1/auth/email-code', {
        email: 'eve@example.com',
        captchaId,
        captchaAnswer: answer,
      });
      expect(sent.status).toBe(200);
      const [mail] = (await api.get('/v1/dev/outbox?email=eve@example.com')).body.data.messages;
      const eve = await api.post('/v1/auth/email-code/verify', { email: 'eve@example.com', code: mail.code });
      expect(eve.body.data.user).toMatchObject({ email: 'eve@example.com', hasPassword: false });
      expect((await server.stop('SIGTERM')).code).toBe(0);

      const check = new Database(db, { readonly: true });
      const demoUses = check.prepare("SELECT count(*) AS n FROM audit_events WHERE type = 'email_demo_used'").get();
      check.close();
      expect(demoUses).toEqual({ n: 1 });
    },
  );

  it(
    'finishes a request that is in flight at SIGTERM: it gets its 200 and its row survives a restart',
    { timeout: 90_000 },
    async () => {
      const dir = tempDir();
      const db = join(dir, 'auth.db');
      const config = fastConfig(dir);
      const server = await serveCli(['--db', db, '--config', config]);
      const { port } = new URL(server.url);
      const body = JSON.stringify({ email: 'late@example.com', password: PASSWORD, name: 'Late' });
      // Expect: 100-continue makes the server say when it has the headers: the request is then in flight.
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/auth/register',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          expect: '100-continue',
        },
      });
      const replied = new Promise<{ res: IncomingMessage; text: string }>((resolve, reject) => {
        req.on('response', (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ res, text }));
        });
        req.on('error', reject);
      });
      await new Promise<void>((resolve) => req.once('continue', () => resolve()));
      req.write(body.slice(0, 20));

      server.child.kill('SIGTERM');
      await expect.poll(() => server.output().stderr, { timeout: 5000 }).toContain('msg="stopping"');
      // Stopping: new connections are refused while the open request waits for the rest of its body.
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
      expect(server.child.exitCode).toBeNull();
      req.end(body.slice(20));
      const { res, text } = await replied;
      expect(res.statusCode).toBe(200);
      expect(res.headers.connection).toBe('close');
      expect(JSON.parse(text)).toMatchObject({ success: true, data: { user: { email: 'late@example.com' } } });
      expect((await server.finished).code).toBe(0);

      const again = await serveCli(['--db', db, '--config', config]);
      expect((await client(again.url).login('late@example.com')).user.email).toBe('late@example.com');
      expect((await again.stop()).code).toBe(0);
    },
  );

  it('loses no acknowledged write when stopped mid-traffic, and backs up online while serving', async () => {
    const dir = tempDir();
    const db = join(dir, 'auth.db');
    const config = fastConfig(dir);
    const server = await serveCli(['--db', db, '--config', config]);
    const api = client(server.url);
    await api.register('first@example.com');
    const backup = runCli(['backup', join(dir, 'copy.db'), '--db', db, '--config', config]);
    const acknowledged: string[] = [];
    let stopping: Promise<unknown> | undefined;
    const writes = Array.from({ length: 24 }, async (_, i) => {
      const email = `user${i}@example.com`;
      try {
        const reply = await api.post('/v1/auth/register', { email, password: PASSWORD, name: `User ${i}` });
        if (reply.status === 200) acknowledged.push(email);
      } catch {
        // refused after the stop began: never acknowledged
      }
      if (i === 2) stopping ??= server.stop('SIGTERM');
    });
    await Promise.all(writes);
    const done = await (stopping ?? server.stop('SIGTERM'));
    expect(done).toMatchObject({ code: 0 });
    expect(acknowledged.length).toBeGreaterThan(0);
    const check = new Database(db, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = (check.prepare('SELECT email FROM users').all() as Array<{ email: string }>).map((r) => r.email);
    check.close();
    expect(stored).toEqual(expect.arrayContaining(acknowledged));

    const copied = await backup.finished;
    expect(copied.code).toBe(0);
    const copy = new Database(join(dir, 'copy.db'), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare("SELECT count(*) AS n FROM users WHERE email = 'first@example.com'").get()).toEqual({ n: 1 });
    copy.close();
  });
});
