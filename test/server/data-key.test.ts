// A database that holds sealed data is never given a new key (docs/security.md R72): a backup
// restored without its key file, or with another database's, stops the start with one line naming
// the key file and how to restore it; the copy and the key folder are left as they were.
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuthServer } from '../../main/server/server.ts';
import { DataKeyError } from '../../main/server/crypto/data-key.ts';
import { cliInProcess } from '../helpers/cli.ts';
import { FAST_PASSWORDS, PASSWORD, registerUser, tempDir } from '../helpers/server.ts';

const config = (database: string) => ({ database, password: FAST_PASSWORDS });

/** A database with sealed data (a signing key, the check value) and its key file. */
async function sealedDatabase(dir = tempDir()): Promise<string> {
  const database = join(dir, 'auth.db');
  const server = createAuthServer(config(database));
  await registerUser(server);
  await server.close();
  return database;
}

const missingLine = (db: string) =>
  `The key file ${db}.key is missing, and ${db} holds data sealed with it; restore it: copy the key file saved ` +
  `with the backup (<backup>.key, written by \`latchkey backup\`) to ${db}.key, then start again.`;

const wrongLine = (db: string) =>
  `The key file ${db}.key does not open the data sealed in ${db} (it belongs to another database); restore it: ` +
  `copy the key file saved with the backup (<backup>.key, written by \`latchkey backup\`) to ${db}.key, then start again.`;

describe('the data key', () => {
  it('a copy without its key file fails at start with one line, writes no key and leaves the copy as it was', async () => {
    const original = await sealedDatabase();
    const copy = join(tempDir(), 'restored.db');
    copyFileSync(original, copy);
    const before = readFileSync(copy);
    let error: unknown;
    try {
      createAuthServer(config(copy));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DataKeyError);
    expect((error as DataKeyError).code).toBe('DATA_KEY_MISSING');
    expect((error as Error).message).toBe(missingLine(copy));
    expect(existsSync(`${copy}.key`)).toBe(false);
    expect(readFileSync(copy).equals(before)).toBe(true);
  });

  it('latchkey users list on such a copy fails the same way and writes no key file', async () => {
    const original = await sealedDatabase();
    const copy = join(tempDir(), 'x.db');
    copyFileSync(original, copy);
    const result = await cliInProcess('users', 'list', '--db', copy);
    expect(result).toEqual({ code: 1, stdout: '', stderr: `latchkey: error: ${missingLine(copy)}` });
    expect(existsSync(`${copy}.key`)).toBe(false);
    const rotate = await cliInProcess('keys', 'rotate', '--db', copy);
    expect(rotate.stderr).toBe(`latchkey: error: ${missingLine(copy)}`);
    expect(existsSync(`${copy}.key`)).toBe(false);
  });

  it("another database's key file is refused at start, by the check value", async () => {
    const original = await sealedDatabase();
    const other = await sealedDatabase();
    const copy = join(tempDir(), 'restored.db');
    copyFileSync(original, copy);
    copyFileSync(`${other}.key`, `${copy}.key`);
    expect(() => createAuthServer(config(copy))).toThrow(wrongLine(copy));
    const listed = await cliInProcess('users', 'list', '--db', copy);
    expect(listed).toEqual({ code: 1, stdout: '', stderr: `latchkey: error: ${wrongLine(copy)}` });
  });

  it('a database from before the check value is proven by the sealed rows it holds', async () => {
    const original = await sealedDatabase();
    const raw = createAuthServer(config(original));
    raw.services.db.exec('DELETE FROM data_key_check');
    await raw.close();
    const other = await sealedDatabase();
    const copy = join(tempDir(), 'old.db');
    copyFileSync(original, copy);
    copyFileSync(`${other}.key`, `${copy}.key`);
    expect(() => createAuthServer(config(copy))).toThrow(wrongLine(copy));
    // With its own key it opens, and records the check value for next time.
    copyFileSync(`${original}.key`, `${copy}.key`);
    const restored = createAuthServer(config(copy));
    expect(restored.services.db.prepare('SELECT count(*) AS n FROM data_key_check').get()).toEqual({ n: 1 });
    await restored.close();
  });

  it('restored with its key file, a backup opens and signs in', async () => {
    const dir = tempDir();
    const original = await sealedDatabase(dir);
    const backup = join(dir, 'backup.db');
    expect((await cliInProcess('backup', backup, '--db', original)).code).toBe(0);
    const restored = join(tempDir(), 'restored.db');
    copyFileSync(backup, restored);
    copyFileSync(`${backup}.key`, `${restored}.key`);
    const server = createAuthServer(config(restored));
    const result = await server.caller().auth.login({ email: 'ada@example.com', password: PASSWORD });
    expect(result.requires2fa).toBe(false);
    await server.close();
  });

  it('a new database gets a new key file, and the check value with it', async () => {
    const database = join(tempDir(), 'new.db');
    const server = createAuthServer(config(database));
    expect(existsSync(`${database}.key`)).toBe(true);
    expect(server.services.db.prepare('SELECT count(*) AS n FROM data_key_check').get()).toEqual({ n: 1 });
    await server.close();
  });

  it('a key file left empty by an interrupted first start is replaced while nothing is sealed yet', async () => {
    const database = join(tempDir(), 'fresh.db');
    writeFileSync(`${database}.key`, '', { mode: 0o600 });
    const server = createAuthServer(config(database));
    await registerUser(server);
    await server.close();
    expect(statSync(`${database}.key`).size).toBe(32);
    expect(statSync(`${database}.key`).mode & 0o777).toBe(0o600);
  });

  it('a key file of the wrong length beside sealed data stops the start with one line, not a crypto error', async () => {
    const database = await sealedDatabase();
    const before = readFileSync(database);
    for (const content of [Buffer.alloc(0), Buffer.alloc(31, 1)]) {
      writeFileSync(`${database}.key`, content);
      let error: unknown;
      try {
        createAuthServer(config(database));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(DataKeyError);
      expect((error as DataKeyError).code).toBe('DATA_KEY_WRONG');
      expect((error as Error).message).toBe(
        `The key file ${database}.key is not a data key (${content.length} bytes, 32 expected); restore it: copy the key ` +
          `file saved with the backup (<backup>.key, written by \`latchkey backup\`) to ${database}.key, then start again.`,
      );
      expect(readFileSync(`${database}.key`).equals(content)).toBe(true);
    }
    expect(readFileSync(database).equals(before)).toBe(true);
  });
});
