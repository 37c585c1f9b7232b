// `latchkey serve` as a child process: the one listening line, loopback unless --allow-lan,
// dev mode only when asked, and a graceful stop that loses no acknowledged write.
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
