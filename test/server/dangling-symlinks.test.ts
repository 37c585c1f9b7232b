// A database or backup path that is a symbolic link pointing nowhere (docs/security.md R71): whoever
// could plant it in a shared folder must not get the file written, readable, where it points.
import { existsSync, lstatSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuthServer } from '../../main/server/server.ts';
import { runCli } from '../../main/cli/program.ts';
import { FAST_PASSWORDS, registerUser, tempDir } from '../helpers/server.ts';

const posix = process.platform !== 'win32';

let umask: number;
beforeEach(() => {
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
});

describe.skipIf(!posix)('a dangling symbolic link', () => {
  it('as a backup path: refuses it and writes nothing where it points', async () => {
    const dir = tempDir();
    const database = join(dir, 'auth.db');
    const server = createAuthServer({ database, password: FAST_PASSWORDS, email: { transport: 'outbox' } });
    await registerUser(server);
    await server.close();
    const shared = join(dir, 'shared');
    mkdirSync(shared);
    const elsewhere = join(dir, 'elsewhere.db');
    const backup = join(shared, 'backup.db');
    symlinkSync(elsewhere, backup);
    const err: string[] = [];
    const code = await runCli(['node', 'latchkey', 'backup', backup, '--db', database], {
      out: () => {},
      err: (line) => err.push(line),
    });
    // Before the fix: exit 0, and elsewhere.db written 0644 (SQLite's default mode under umask 022).
    const written = existsSync(elsewhere) ? statSync(elsewhere).mode & 0o777 : null;
    expect({ code, written }).toEqual({ code: 1, written: null });
    expect(err.join('\n')).toContain(backup);
    expect(lstatSync(backup).isSymbolicLink()).toBe(true);
  });

  it('as the database path: refuses it before SQLite creates its target', () => {
    const dir = tempDir();
    const elsewhere = join(dir, 'elsewhere.db');
    const database = join(dir, 'auth.db');
    symlinkSync(elsewhere, database);
    expect(() => createAuthServer({ database, password: FAST_PASSWORDS })).toThrow(
      expect.objectContaining({ name: 'FilePermissionError', code: 'FILE_PERMISSIONS' }),
    );
    expect(existsSync(elsewhere)).toBe(false);
    expect(existsSync(`${elsewhere}-wal`)).toBe(false);
  });
});
