// The database opens with the settings security depends on, migrates from empty, refuses a newer
// schema without touching it, and refuses a damaged file (docs/security.md R62, R66; docs/architecture.md).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/server/db/open.ts';
import { DatabaseCorruptError, DatabaseFromFutureError } from '../../main/server/db/errors.ts';
import { LATEST_VERSION } from '../../main/server/db/migrations/index.ts';
import { AUDIT_LIST_BY_USER } from '../../main/server/security/audit.ts';
import { createAuthServer } from '../../main/server/server.ts';
import { FAST_PASSWORDS, registerUser, tempDir } from '../helpers/server.ts';

describe('opening the database', () => {
  it('sets WAL, synchronous=FULL, foreign keys, secure_delete and a busy timeout', () => {
    const db = openDatabase(join(tempDir(), 'a.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('migrates an empty file to the latest version with STRICT tables and no hint or expiry columns', () => {
    const db = openDatabase(join(tempDir(), 'a.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table'").all() as Array<{
      name: string;
      sql: string;
    }>;
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['users', 'devices', 'sessions', 'refresh_tokens', 'signing_keys', 'audit_events']),
    );
    for (const table of tables) expect(table.sql).toMatch(/STRICT$/);
    const userColumns = (db.prepare('PRAGMA table_info(users)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(userColumns.some((name) => /hint|password_expires/.test(name))).toBe(false);
    db.close();
  });

  it('keeps only indexes that some read uses: the audit list by user searches its index', () => {
    const db = openDatabase(join(tempDir(), 'a.db'));
    const indexes = (
      db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index'").all() as Array<{ name: string }>
    ).map((row) => row.name);
    expect(indexes).toEqual(expect.arrayContaining(['audit_events_by_user', 'audit_events_by_age']));
    for (const dropped of ['audit_events_by_type', 'email_codes_by_expiry', 'email_code_events_by_age'])
      expect(indexes).not.toContain(dropped);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${AUDIT_LIST_BY_USER}`)
      .all({ userId: 1, type: null, limit: 10 }) as Array<{ detail: string }>;
    expect(plan.map((row) => row.detail).join(' ')).toContain('USING INDEX audit_events_by_user');
    db.close();
  });

  it('opening twice does not re-run migrations', () => {
    const path = join(tempDir(), 'a.db');
    openDatabase(path).close();
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();
  });

  it('refuses a database from a newer version and leaves the file byte-for-byte untouched', () => {
    const path = join(tempDir(), 'future.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE t (x INTEGER)');
    raw.pragma(`user_version = ${LATEST_VERSION + 10}`);
    raw.close();
    const before = readFileSync(path);
    expect(() => openDatabase(path)).toThrow(DatabaseFromFutureError);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a file that is not a database', () => {
    const path = join(tempDir(), 'junk.db');
    writeFileSync(path, Buffer.alloc(8192, 7));
    expect(() => openDatabase(path)).toThrow(DatabaseCorruptError);
  });

  it('refuses a damaged database, so the server never starts and issues no token', async () => {
    const dir = tempDir();
    const path = join(dir, 'auth.db');
    const server = createAuthServer({ database: path, password: FAST_PASSWORDS });
    for (let i = 0; i < 40; i++) await registerUser(server, `user${i}@example.com`);
    await server.close();
    const bytes = readFileSync(path);
    // Overwrite 4 KiB in the middle of the file (docs/security.md R66).
    const middle = Math.floor(bytes.length / 2 / 4096) * 4096;
    bytes.fill(0xa5, middle, middle + 4096);
    writeFileSync(path, bytes);
    expect(() => createAuthServer({ database: path, password: FAST_PASSWORDS })).toThrow(DatabaseCorruptError);
  });

  it('refuses a damaged file without writing to it: the integrity check runs before any setting', () => {
    const path = join(tempDir(), 'damaged.db');
    // A rollback-journal file (as a backup copy may be): opening it in WAL mode would rewrite its header.
    const raw = new Database(path);
    raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT); CREATE INDEX t_body ON t(body);');
    const insert = raw.prepare('INSERT INTO t (body) VALUES (?)');
    for (let i = 0; i < 400; i++) insert.run(`row ${i} `.repeat(20));
    raw.close();
    const bytes = readFileSync(path);
    expect(bytes[18]).toBe(1); // legacy (rollback) journal
    const middle = Math.floor(bytes.length / 2 / 4096) * 4096;
    bytes.fill(0xa5, middle, middle + 4096);
    writeFileSync(path, bytes);
    expect(() => openDatabase(path)).toThrow(DatabaseCorruptError);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});
