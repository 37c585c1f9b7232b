// A database file as an older version left it, for migration tests: every migration up to
// `version` applied, its version recorded, and the file left open for the test to fill.
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../main/server/db/migrations/index.ts';

export function databaseAtVersion(path: string, version: number): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.transaction(() => {
    for (const migration of MIGRATIONS.filter((m) => m.version <= version)) migration.up(db);
    db.pragma(`user_version = ${version}`);
  })();
  return db;
}

/** A bare account row as any version has it (no password, no verified address). */
export function insertOldUser(db: Database.Database, id: number, email: string): void {
  db.prepare(
    `INSERT INTO users (id, uuid, email, email_normalized, name, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'Ada', 1, 1)`,
  ).run(id, `u-${id}`, email, email);
}
