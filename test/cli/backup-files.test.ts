// `latchkey backup FILE`: both files private (0600) or nothing written (docs/operations.md#backup-and-restore).
import { existsSync, lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuthServer } from '../../main/server/server.ts';
import { FAST_PASSWORDS, PASSWORD, tempDir } from '../helpers/server.ts';
import { cliInProcess, fastConfig } from '../helpers/cli.ts';

async function fixture() {
  const dir = tempDir();
  const db = join(dir, 'auth.db');
  const config = fastConfig(dir);
  const auth = createAuthServer({ database: db, password: FAST_PASSWORDS });
  await auth.adminCaller().admin.users.create({ email: 'ada@example.com', name: 'Ada', password: PASSWORD });
  await auth.close();
  const cli = (...args: string[]) => cliInProcess(...args, '--db', db, '--config', config);
  return { dir, cli };
}

describe('latchkey backup: files', () => {
  it('a FILE.key already there is refused before the database is copied, not after', async () => {
    const { dir, cli } = await fixture();
    const file = join(dir, 'backup.db');
    writeFileSync(`${file}.key`, 'an older backup’s key');
    expect(await cli('backup', file)).toEqual({
      code: 1,
      stdout: '',
      stderr: `latchkey: error: ${file}.key exists (pass --force to overwrite)`,
    });
    // Nothing half-done: no database beside a key that does not open it.
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(`${file}.key`, 'utf8')).toBe('an older backup’s key');
  });

  it('a symbolic link to nowhere at FILE is refused: SQLite would create its target world-readable', async () => {
    const { dir, cli } = await fixture();
    const file = join(dir, 'backup.db');
    const target = join(dir, 'elsewhere.db');
    symlinkSync(target, file);
    expect(await cli('backup', file)).toEqual({
      code: 1,
      stdout: '',
      stderr: `latchkey: error: ${file} exists (pass --force to overwrite)`,
    });
    const forced = await cli('backup', file, '--force');
    expect(forced).toEqual({
      code: 1,
      stdout: '',
      stderr: `latchkey: error: ${file} is a symbolic link to a missing file, which would be created readable by others; remove it: rm "${file}"`,
    });
    expect(existsSync(target)).toBe(false);
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(existsSync(`${file}.key`)).toBe(false);
  });
});
