// `latchkey users …` edge cases: a password asked for is a password set, and a user named by email
// is found however many others its address matches as a substring (docs/cli.md).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createAuthServer } from '../../main/server/server.ts';
import { FAST_PASSWORDS, PASSWORD, tempDir } from '../helpers/server.ts';
import { cliInProcess, fastConfig, runCli } from '../helpers/cli.ts';

async function fixture() {
  const dir = tempDir();
  const db = join(dir, 'auth.db');
  const config = fastConfig(dir);
  const auth = createAuthServer({ database: db, password: FAST_PASSWORDS });
  await auth.adminCaller().admin.users.create({
    email: 'ada@example.com',
    name: 'Ada',
    password: PASSWORD,
  });
  await auth.close();
  const cli = (...args: string[]) => cliInProcess(...args, '--db', db, '--config', config);
  return { db, config, cli };
}

const userCount = (db: string) => {
  const raw = new Database(db, { readonly: true });
  const { n } = raw.prepare('SELECT count(*) AS n FROM users').get() as {
    n: number;
  };
  raw.close();
  return n;
};

describe('latchkey users: edges', () => {
  it('users add --password-stdin with nothing on stdin fails and creates no passwordless account', async () => {
    const { db, config } = await fixture();
    const args = ['users', 'add', 'bob@example.com', '--password-stdin', '--db', db, '--config', config];
    for (const input of ['', '\n']) {
      const empty = await runCli(args, { input }).finished;
      expect(empty).toEqual({
        code: 1,
        stdout: '',
        stderr: 'latchkey: VALIDATION_ERROR: Validation failed.\n  password: This value is too short.\n',
      });
    }
    expect(userCount(db)).toBe(1);
  });

  it('a user named by email is found when more than 500 other addresses contain it', async () => {
    const { db, cli } = await fixture();
    const raw = new Database(db);
    const insert = raw.prepare(
      `INSERT INTO users (uuid, email, email_normalized, name, role, status, created_at, updated_at)
       VALUES (?, ?, ?, 'x', 'user', 'active', 0, 0)`,
    );
    raw.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run(`uuid-${i}`, `x${i}bo@example.com`, `x${i}bo@example.com`);
    })();
    raw.close();
    expect((await cli('users', 'add', 'bo@example.com')).code).toBe(0);
    expect(await cli('users', 'disable', 'BO@example.com')).toEqual({
      code: 0,
      stdout: 'disabled bo@example.com (id 502)',
      stderr: '',
    });
  });
});
