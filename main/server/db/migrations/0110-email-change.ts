// Changing the email address (docs/security.md R75): one pending change per user, its code kept
// only as an HMAC bound to the user and the new address, with its expiry and wrong-answer count in
// real columns; and the "this was not me" report tokens mailed to the old address, kept only as a
// SHA-256 of a 256-bit random value, each good once.
import type { Database } from 'better-sqlite3';

export default function migrate(db: Database): void {
  db.exec(`
    CREATE TABLE email_changes (
      user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      new_email TEXT NOT NULL,
      new_email_normalized TEXT NOT NULL,
      code_hash BLOB NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX email_changes_by_expiry ON email_changes(expires_at);

    CREATE TABLE email_change_reports (
      token_hash BLOB PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX email_change_reports_by_user ON email_change_reports(user_id);
    CREATE INDEX email_change_reports_by_expiry ON email_change_reports(expires_at);
  `);
}
