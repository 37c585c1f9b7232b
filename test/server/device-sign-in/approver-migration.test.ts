// Migration 0140: an approval names the phone session that gave it. One written by an older version
// names none, so it cannot be checked against that session and does not survive the upgrade; a
// pending code keeps waiting.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS } from '../../../main/server/db/migrations/index.ts';
import { openDatabase } from '../../../main/server/db/open.ts';
import { tempDir } from '../../helpers/server.ts';

function databaseAtVersion130(path: string): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.transaction(() => {
    for (const migration of MIGRATIONS.filter((m) => m.version <= 130)) migration.up(db);
    db.pragma('user_version = 130');
  })();
  db.prepare(
    `INSERT INTO users (id, uuid, email, email_normalized, name, created_at, updated_at)
     VALUES (1, 'u-1', 'ada@example.com', 'ada@example.com', 'Ada', 1, 1)`,
  ).run();
  const insert = db.prepare(
    `INSERT INTO device_codes (device_code_hash, user_code_hash, device_facts, status, user_id, amr, aal,
       interval_seconds, created_at, expires_at) VALUES (?, ?, '{}', ?, ?, ?, ?, 5, 1, 600001)`,
  );
  insert.run(Buffer.alloc(32, 1), Buffer.alloc(32, 2), 'approved', 1, '["pwd","mca"]', 1);
  insert.run(Buffer.alloc(32, 3), Buffer.alloc(32, 4), 'pending', null, null, null);
  db.close();
}

describe('migration 0140: device-code approver', () => {
  it('drops approvals that name no session and keeps pending codes', () => {
    const path = join(tempDir(), 'old.db');
    databaseAtVersion130(path);
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT status, approved_by FROM device_codes').all()).toEqual([
      { status: 'pending', approved_by: null },
    ]);
    db.close();
  });
});
