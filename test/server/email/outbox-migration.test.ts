// Migration 0090: outbox mail stored in the clear by an older version does not survive the upgrade.
// The data key is not at hand in a migration, so pending plaintext messages are deleted (a code is
// requested again) and rows already redacted after delivery are kept; no byte of the old text is
// left in the database file or its WAL.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../../main/server/db/migrations/index.ts';
import { openDatabase } from '../../../main/server/db/open.ts';
import { tempDir } from '../../helpers/server.ts';
import { databaseAtVersion } from '../../helpers/old-database.ts';

const OLD_CODE = '493817';
const OLD_TEXT = `Your sign-in code is: ${OLD_CODE}`;

/** A database as version 0.80 left it: one pending plaintext message, one redacted after SMTP. */
function databaseAtVersion80(path: string): void {
  const db = databaseAtVersion(path, 80);
  db.pragma('secure_delete = ON');
  const insert = db.prepare(
    `INSERT INTO mail_outbox (to_address, to_normalized, subject, text_body, html_body, code, transport, created_at,
       sent_at, redacted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  insert.run(
    'ada@example.com',
    'ada@example.com',
    'Your sign-in code',
    OLD_TEXT,
    `<b>${OLD_CODE}</b>`,
    OLD_CODE,
    'outbox',
    1,
    null,
    null,
  );
  insert.run('bob@example.com', 'bob@example.com', 'Your sign-in code', '', '', null, 'smtp', 2, 3, 3);
  db.close();
}

describe('migration 0090: sealed outbox', () => {
  it('deletes plaintext mail, keeps redacted delivery records, and leaves no old byte on disk', () => {
    const path = join(tempDir(), 'old.db');
    databaseAtVersion80(path);
    expect(readFileSync(path).toString('latin1')).toContain(OLD_TEXT);
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT to_address, subject, sealed, sent_at FROM mail_outbox').all()).toEqual([
      { to_address: 'bob@example.com', subject: 'Your sign-in code', sealed: null, sent_at: 3 },
    ]);
    const columns = (db.pragma('table_info(mail_outbox)') as Array<{ name: string }>).map((c) => c.name);
    expect(columns.filter((name) => ['text_body', 'html_body', 'code'].includes(name))).toEqual([]);
    for (const file of [path, `${path}-wal`].filter((candidate) => existsSync(candidate))) {
      const bytes = readFileSync(file).toString('latin1');
      expect([file, bytes.includes(OLD_TEXT) || bytes.includes(OLD_CODE)]).toEqual([file, false]);
    }
    db.close();
  });
});
