// Migration 0140: an approval names the phone session that gave it. One written by an older version
// names none, so it cannot be checked against that session and does not survive the upgrade; a
// pending code keeps waiting.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../../main/server/db/migrations/index.ts';
import { openDatabase } from '../../../main/server/db/open.ts';
import { tempDir } from '../../helpers/server.ts';
import { databaseAtVersion, insertOldUser } from '../../helpers/old-database.ts';

function databaseAtVersion130(path: string): void {
  const db = databaseAtVersion(path, 130);
  insertOldUser(db, 1, 'ada@example.com');
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
