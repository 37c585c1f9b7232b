// The admin subcommands on a database file: tables by default, --json for scripts, clear errors
// and exit codes (0 done, 1 failed, 2 bad command line). Most run in-process through runCli; the
// ones that need stdin, the environment or real exit codes run as child processes.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../main/cli/display-width.ts';
import { createAuthServer } from '../../main/server/server.ts';
import { FAST_PASSWORDS, PASSWORD, tempDir } from '../helpers/server.ts';
import { cliInProcess, fastConfig, runCli } from '../helpers/cli.ts';
import { lastCode } from '../helpers/email.ts';

async function fixture() {
  const dir = tempDir();
  const db = join(dir, 'auth.db');
  const config = fastConfig(dir);
  const auth = createAuthServer({ database: db, password: FAST_PASSWORDS, email: { transport: 'outbox' } });
  await auth.adminCaller().admin.users.create({ email: 'ada@example.com', name: 'Ada', password: PASSWORD });
  const signedIn = await auth.caller().auth.login({ email: 'ada@example.com', password: PASSWORD });
  await auth.caller().auth.requestEmailCode({ email: 'ada@example.com' });
  const code = lastCode(auth, 'ada@example.com');
  await auth.close();
  if (signedIn.requires2fa) throw new Error('no 2FA expected');
  const cli = (...args: string[]) => cliInProcess(...args, '--db', db, '--config', config);
  return { dir, db, config, cli, sessionId: signedIn.session.id, code };
}

describe('latchkey admin commands', () => {
  it('users: add (password on stdin), list as a table and as JSON, disable, enable, unlock, delete', async () => {
    const { db, config, cli } = await fixture();
    const added = await runCli(
      ['users', 'add', 'bob@example.com', '--name', 'Bob', '--password-stdin', '--db', db, '--config', config],
      {
        input: `${PASSWORD}\n`,
      },
    ).finished;
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/bob@example\.com\s+Bob\s+user\s+active\s+yes/);

    const table = await cli('users', 'list');
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+EMAIL\s+NAME\s+ROLE\s+STATUS/);
    expect(table.stdout).toContain('2 user(s)');
    const json = JSON.parse((await cli('users', 'list', '--json')).stdout);
    expect(json.users.map((u: { email: string }) => u.email)).toEqual(['ada@example.com', 'bob@example.com']);

    expect((await cli('users', 'disable', 'BOB@example.com')).stdout).toBe('disabled bob@example.com (id 2)');
    expect(JSON.parse((await cli('users', 'list', '--status', 'disabled', '--json')).stdout).total).toBe(1);
    expect((await cli('users', 'enable', '2')).stdout).toBe('enabled bob@example.com (id 2)');
    expect((await cli('users', 'unlock', 'bob@example.com')).code).toBe(0);
    expect((await cli('users', 'delete', 'bob@example.com', '--json')).stdout).toContain('"deleted": true');
    expect(JSON.parse((await cli('users', 'list', '--json')).stdout).total).toBe(1);
  });

  it('users set-email: points an account at another address, verified only when told', async () => {
    const { cli } = await fixture();
    const moved = await cli('users', 'set-email', 'ada@example.com', 'ada@elsewhere.example', '--verified');
    expect(moved).toMatchObject({ code: 0, stdout: 'ada@example.com is now ada@elsewhere.example (id 1)' });
    const json = JSON.parse((await cli('users', 'list', '--json')).stdout);
    expect(json.users).toMatchObject([{ id: 1, email: 'ada@elsewhere.example', emailVerified: true }]);
    const taken = await cli('users', 'add', 'bob@example.com');
    expect(taken.code).toBe(0);
    expect(await cli('users', 'set-email', '2', 'ADA@elsewhere.example')).toMatchObject({
      code: 1,
      stderr: 'latchkey: CONFLICT: An account with this email already exists.',
    });
  });

  it('users: errors name the problem and exit 1', async () => {
    const { cli } = await fixture();
    const conflict = await cli('users', 'add', 'ADA@example.com');
    expect(conflict).toMatchObject({
      code: 1,
      stderr: 'latchkey: CONFLICT: An account with this email already exists.',
    });
    const invalid = await cli('users', 'add', 'not-an-email');
    expect(invalid).toMatchObject({
      code: 1,
      stderr: 'latchkey: VALIDATION_ERROR: Validation failed.\n  email: Must be a valid email address.',
    });
    expect(JSON.parse((await cli('users', 'add', 'not-an-email', '--json')).stdout)).toEqual({
      success: false,
      error: {
        code: 'VALIDATION_ERROR',
        message: 'Validation failed.',
        details: { email: 'Must be a valid email address.' },
      },
    });
    const missing = await cli('users', 'disable', 'nobody@example.com', '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({ success: false, error: { code: 'NOT_FOUND', message: 'Not found.' } });
    expect((await cli('users', 'delete', '999')).code).toBe(1);
  });

  it('users add --password-stdin: a password the policy refuses says why', async () => {
    const { db, config } = await fixture();
    const args = ['users', 'add', 'bob@example.com', '--password-stdin', '--db', db, '--config', config];
    const short = await runCli(args, { input: 'short\n' }).finished;
    expect(short.code).toBe(1);
    expect(short.stderr).toBe(
      'latchkey: VALIDATION_ERROR: Validation failed.\n  password: Use at least 8 characters.\n',
    );
    const json = JSON.parse((await runCli([...args, '--json'], { input: 'short\n' }).finished).stdout);
    expect(json.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { password: 'Use at least 8 characters.' },
    });
  });

  it('users list: CJK names line up, and --limit says how many it shows of how many', async () => {
    const { db, cli } = await fixture();
    const auth = createAuthServer({ database: db, password: FAST_PASSWORDS });
    for (const [email, name] of [
      ['wang@example.com', '王小明'],
      ['lee@example.com', 'Lee'],
    ]) {
      await auth.adminCaller().admin.users.create({ email: email!, name: name! });
    }
    await auth.close();
    const lines = (await cli('users', 'list')).stdout.split('\n');
    // ROLE starts in the same terminal column on every row, whatever the name's script.
    const roleColumn = (line: string) => displayWidth(line.slice(0, line.search(/\b(ROLE|user|admin)\b/)));
    const rows = [lines[0]!, ...lines.slice(2, 5)];
    expect(new Set(rows.map(roleColumn)).size).toBe(1);
    expect(lines.at(-1)).toBe('3 user(s)');

    const limited = await cli('users', 'list', '--limit', '2');
    expect(limited.stdout.split('\n').filter((line) => line.includes('@example.com'))).toHaveLength(2);
    expect(limited.stdout.split('\n').at(-1)).toBe(
      '2 of 3 user(s) shown: raise --limit (at most 500) or narrow with --query to see the others',
    );
  });

  it('sessions: list (with each user’s email) and revoke; revoking twice is NOT_FOUND', async () => {
    const { cli, sessionId } = await fixture();
    const list = await cli('sessions', 'list', '--user', 'ada@example.com');
    expect(list.stdout).toContain(sessionId);
    expect(list.stdout.split('\n')[0]).toMatch(/^SESSION\s+USER\s+EMAIL\s+DEVICE/);
    expect(list.stdout.split('\n')[2]).toMatch(new RegExp(`^${sessionId}\\s+1\\s+ada@example\\.com\\s`));
    expect((await cli('sessions', 'revoke', sessionId)).stdout).toBe(`revoked ${sessionId}`);
    expect((await cli('sessions', 'list', '--json')).stdout).toBe('[]');
    expect((await cli('sessions', 'revoke', sessionId)).code).toBe(1);
  });

  it('sessions revoke --user ends every session of a user; one of a session id or --user is required', async () => {
    const { cli, db } = await fixture();
    const auth = createAuthServer({ database: db, password: FAST_PASSWORDS });
    await auth.caller().auth.login({ email: 'ada@example.com', password: PASSWORD, device: { id: 'tablet' } });
    await auth.close();
    expect(JSON.parse((await cli('sessions', 'list', '--json')).stdout)).toHaveLength(2);
    expect((await cli('sessions', 'revoke', '--user', 'ada@example.com')).stdout).toBe(
      'revoked 2 sessions of ada@example.com',
    );
    expect((await cli('sessions', 'list', '--json')).stdout).toBe('[]');
    expect(JSON.parse((await cli('sessions', 'revoke', '--user', 'ada@example.com', '--json')).stdout)).toEqual({
      revokedSessions: 0,
    });
    const neither = await cli('sessions', 'revoke');
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/give a session id or --user/);
    expect((await cli('sessions', 'revoke', 'some-session', '--user', 'ada@example.com')).code).toBe(2);
    expect((await cli('sessions', 'revoke', '--user', 'nobody@example.com')).code).toBe(1);
  });

  it('keys rotate, audit, outbox', async () => {
    const { cli, code } = await fixture();
    const rotated = await cli('keys', 'rotate');
    expect(rotated.stdout).toMatch(/^new signing key key_/);
    const audit = JSON.parse((await cli('audit', '--limit', '2', '--json')).stdout) as Array<{ type: string }>;
    expect(audit.map((e) => e.type)).toEqual(['signing_key_rotated', 'email_code_sent']);
    expect((await cli('audit', '--user', 'ada@example.com', '--type', 'user_created')).stdout).toContain(
      'user_created',
    );
    const outbox = await cli('outbox', '--email', 'ada@example.com');
    expect(outbox.stdout.split('\n')[0]).toMatch(/^WHEN\s+TO\s+SUBJECT\s+CODE$/);
    expect(outbox.stdout).toContain(code);
    const json = JSON.parse((await cli('outbox', '--json')).stdout) as Array<{ code: string }>;
    expect(json.map((m) => m.code)).toEqual([code]);
    expect((await cli('outbox', '--email', 'nobody@example.com')).stdout).toBe('(none)');
  });

  it('audit --verify: ok on an intact log, exit 1 naming the first edited event', async () => {
    const { db, cli } = await fixture();
    const ok = await cli('audit', '--verify');
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringMatching(/^audit chain ok: \d+ event\(s\)$/) });
    const raw = new Database(db);
    raw.prepare("UPDATE audit_events SET type = 'nothing_happened' WHERE type = 'login_succeeded'").run();
    const { id } = raw.prepare("SELECT id FROM audit_events WHERE type = 'nothing_happened'").get() as { id: number };
    raw.close();
    expect(await cli('audit', '--verify')).toMatchObject({
      code: 1,
      stdout: `audit chain broken at event ${id}: chain_broken`,
    });
    expect(JSON.parse((await cli('audit', '--verify', '--json')).stdout)).toMatchObject({
      ok: false,
      firstBadId: id,
    });
  });

  it('backup: a consistent copy with its key file (0600); refuses to overwrite without --force', async () => {
    const { dir, cli } = await fixture();
    const file = join(dir, 'backup.db');
    expect((await cli('backup', file)).code).toBe(0);
    expect(statSync(`${file}.key`).mode & 0o777).toBe(0o600);
    const copy = new Database(file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT email FROM users').all()).toEqual([{ email: 'ada@example.com' }]);
    copy.close();
    const again = await cli('backup', file);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('exists') });
    expect((await cli('backup', file, '--force')).code).toBe(0);
    // The copy opens as a working server: its sealed signing keys open with the copied key file.
    const restored = createAuthServer({ database: file, password: FAST_PASSWORDS });
    const signedIn = await restored.caller().auth.login({ email: 'ada@example.com', password: PASSWORD });
    expect(signedIn.requires2fa).toBe(false);
    await restored.close();
  });

  it('bad command lines exit 2; a missing database exits 1 and is not created; LATCHKEY_DB is honoured', async () => {
    const { dir, db, config } = await fixture();
    expect((await runCli(['users', 'frobnicate', '--db', db]).finished).code).toBe(2);
    expect((await runCli(['users', 'list', '--limit', '0', '--db', db]).finished).code).toBe(2);
    expect((await runCli(['users', 'list', '--status', 'sleeping', '--db', db]).finished).code).toBe(2);
    const nowhere = join(dir, 'missing.db');
    const missing = await runCli(['users', 'list', '--db', nowhere]).finished;
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining(`no database at ${nowhere}`) });
    expect(existsSync(nowhere)).toBe(false);
    // An empty file (touch, a failed copy) is refused the same way, and stays empty: no schema, no key.
    const blank = join(dir, 'blank.db');
    writeFileSync(blank, '');
    const empty = await runCli(['users', 'list', '--db', blank]).finished;
    expect(empty).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`no database at ${blank}: the file is empty`),
    });
    expect(statSync(blank).size).toBe(0);
    expect(existsSync(`${blank}.key`)).toBe(false);
    const viaEnv = await runCli(['users', 'list', '--json', '--config', config], { env: { LATCHKEY_DB: db } }).finished;
    expect(JSON.parse(viaEnv.stdout).total).toBe(1);
  });
});
