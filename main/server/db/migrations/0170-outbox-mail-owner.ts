// Mail about an account names it, so deleting the account deletes that mail whatever address it
// went to: the notices to an address the account had before, the code to an address it never
// confirmed. Before, deletion found mail only by the current address. Mail already in the outbox
// to an account's current address is linked here; mail to earlier addresses cannot be and leaves
// with `email.outboxRetentionDays`.
import type { Database } from 'better-sqlite3';

export default function migrate(db: Database): void {
  db.exec(`
    ALTER TABLE mail_outbox ADD COLUMN user_id INTEGER REFERENCES users(id) ON DELETE CASCADE;
    UPDATE mail_outbox SET user_id = (SELECT id FROM users WHERE email_normalized = mail_outbox.to_normalized);
    CREATE INDEX mail_outbox_by_user ON mail_outbox(user_id) WHERE user_id IS NOT NULL;
  `);
}
