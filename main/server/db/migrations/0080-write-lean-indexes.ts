// Indexes that cost every write and served no read. Each row an email-code sign-in adds touched
// one more page per index; these three were a fifth of the pages its commits wrote (35.9 → 28.3
// per flow):
// - audit_events_by_type: no query could use it (the audit list filters with `@type IS NULL OR`,
//   which SQLite answers by walking the table from its newest row, as it still does).
// - email_codes_by_expiry, email_code_events_by_age: only the retention purge looked rows up by
//   time, and both tables hold minutes to an hour of rows; the purge scans them instead.
import type { Database } from 'better-sqlite3';

export default function migrate(db: Database): void {
  db.exec(`
    DROP INDEX IF EXISTS audit_events_by_type;
    DROP INDEX IF EXISTS email_codes_by_expiry;
    DROP INDEX IF EXISTS email_code_events_by_age;
  `);
}
