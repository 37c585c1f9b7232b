// Every file Latchkey creates is its owner's alone (docs/security.md R71): the database, -wal,
// -shm, key file and backups 0600, folders 0700, whatever the umask; looser ones are tightened at
// open. And no live code or message text is in the bytes of the database files (the outbox seals it).
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuthServer } from '../../main/server/server.ts';
import { serveConfig } from '../../main/cli/open-server.ts';
import { runCli } from '../../main/cli/program.ts';
import { writeSealedJson } from '../../main/app-session/sealed-file.ts';
import { FAST_PASSWORDS, registerUser, tempDir } from '../helpers/server.ts';
import { lastMail } from '../helpers/email.ts';

const posix = process.platform !== 'win32';
const modeOf = (path: string) => statSync(path).mode & 0o777;
const SIDECARS = ['', '-wal', '-shm', '.key'];

// The usual umask: SQLite's own default would make the database 0644 under it.
let umask: number;
beforeEach(() => {
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
});

function outboxServer(database: string) {
  return createAuthServer({
    database,
    password: FAST_PASSWORDS,
    email: { transport: 'outbox', captcha: { policy: 'never' } },
  });
}

describe.skipIf(!posix)('files at rest', () => {
  it('creates the database, -wal, -shm and key file 0600', async () => {
    const database = join(tempDir(), 'auth.db');
    const server = outboxServer(database);
    await registerUser(server);
    for (const suffix of SIDECARS) expect([suffix, modeOf(`${database}${suffix}`)]).toEqual([suffix, 0o600]);
    await server.close();
  });

  it('keeps no code and no message text in the bytes of the database, -wal or -shm', async () => {
    const database = join(tempDir(), 'auth.db');
    const server = outboxServer(database);
    await server.caller().auth.requestEmailCode({ email: 'ada@example.com' });
    const mail = lastMail(server, 'ada@example.com')!;
    expect(mail.code).toMatch(/^\d{6}$/); // the outbox still shows it, unsealed
    const needles = [mail.code!, 'Your sign-in code is', 'It expires in'];
    const scan = () =>
      ['', '-wal', '-shm']
        .map((suffix) => `${database}${suffix}`)
        .filter((file) => existsSync(file))
        .flatMap((file) => {
          const bytes = readFileSync(file).toString('latin1');
          return needles.filter((needle) => bytes.includes(needle)).map((needle) => `${file}: ${needle}`);
        });
    expect(scan()).toEqual([]);
    await server.close(); // checkpoints the WAL into the database file
    expect(scan()).toEqual([]);
  });

  it('tightens an existing database, -wal, -shm and key file others could read', async () => {
    const database = join(tempDir(), 'auth.db');
    const first = outboxServer(database);
    await registerUser(first);
    await first.close();
    // Another connection holds the WAL open, so -wal and -shm exist when the server opens.
    const other = new Database(database);
    other.prepare('SELECT count(*) FROM users').get();
    for (const suffix of SIDECARS) chmodSync(`${database}${suffix}`, 0o644);
    const reopened = outboxServer(database);
    for (const suffix of SIDECARS) expect([suffix, modeOf(`${database}${suffix}`)]).toEqual([suffix, 0o600]);
    await reopened.close();
    other.close();
  });

  it('creates the database folder 0700 when serving', () => {
    const base = tempDir();
    serveConfig({ db: join(base, 'data', 'latchkey', 'auth.db') });
    expect(modeOf(join(base, 'data'))).toBe(0o700);
    expect(modeOf(join(base, 'data', 'latchkey'))).toBe(0o700);
  });

  it('creates the database folder 0700 when a server opens it', async () => {
    const base = tempDir();
    const server = outboxServer(join(base, 'missing', 'dir', 'auth.db'));
    expect(modeOf(join(base, 'missing'))).toBe(0o700);
    expect(modeOf(join(base, 'missing', 'dir'))).toBe(0o700);
    await server.close();
  });

  it('creates a backup’s folders 0700', async () => {
    const dir = tempDir();
    const database = join(dir, 'auth.db');
    await outboxServer(database).close();
    const backup = join(dir, 'backups', 'daily', 'backup.db');
    const err: string[] = [];
    const code = await runCli(['node', 'latchkey', 'backup', backup, '--db', database], {
      out: () => {},
      err: (line) => err.push(line),
    });
    expect([code, err]).toEqual([0, []]);
    expect(modeOf(join(dir, 'backups'))).toBe(0o700);
    expect(modeOf(join(dir, 'backups', 'daily'))).toBe(0o700);
    expect([modeOf(backup), modeOf(`${backup}.key`)]).toEqual([0o600, 0o600]);
  });

  it('writes backups and their key files 0600, an overwritten backup included', async () => {
    const dir = tempDir();
    const database = join(dir, 'auth.db');
    const server = outboxServer(database);
    await registerUser(server);
    await server.close();
    const backup = join(dir, 'backup.db');
    const cli = (...args: string[]) =>
      runCli(['node', 'latchkey', ...args, '--db', database], { out: () => {}, err: () => {} });
    expect(await cli('backup', backup)).toBe(0);
    expect([modeOf(backup), modeOf(`${backup}.key`)]).toEqual([0o600, 0o600]);
    chmodSync(backup, 0o644);
    chmodSync(`${backup}.key`, 0o644);
    expect(await cli('backup', backup, '--force')).toBe(0);
    expect([modeOf(backup), modeOf(`${backup}.key`)]).toEqual([0o600, 0o600]);
  });

  it('writes a sealed store 0600 even over a temporary file a crash left readable', async () => {
    const dir = tempDir();
    const path = join(dir, 'remembered-sign-ins.bin');
    writeFileSync(`${path}.tmp`, 'left over');
    chmodSync(`${path}.tmp`, 0o644);
    const os = {
      isAvailable: async () => true,
      linuxBackend: () => undefined,
      encrypt: async (plaintext: string) => Buffer.from(plaintext),
      decrypt: async (ciphertext: Buffer) => ({ plaintext: ciphertext.toString(), reseal: false }),
    };
    await writeSealedJson(path, os, { v: 1 });
    expect(modeOf(path)).toBe(0o600);
    expect(existsSync(`${path}.tmp`)).toBe(false);
  });

  it('makes the CLI compile cache folder 0700, one of ours found looser included', async () => {
    const { enablePrivateCompileCache } = await import('../../main/cli/compile-cache.ts');
    const directory = join(tempDir(), 'node-compile-cache');
    mkdirSync(directory, { mode: 0o755 });
    chmodSync(directory, 0o755);
    const enable = (folder: string) => ({ directory: folder });
    expect(enablePrivateCompileCache(directory, { env: {}, getuid: process.getuid, enable })).toBe(directory);
    expect(modeOf(directory)).toBe(0o700);
  });
});
