// Mail at rest is sealed (docs/security.md R71): an outbox row keeps its delivery facts in the open
// (recipient, subject, transport, times, outcome) and its text, HTML and code only in `sealed`,
// by the data key that lives outside the database. The key is not at hand here, so mail stored in
// the clear before this version is not sealed but deleted (a pending code is requested again);
// rows already redacted after delivery lose nothing. `data_key_check` holds one sealed value that
// proves at start that the data key is the right one (main/server/crypto/data-key.ts).
import type { Database } from 'better-sqlite3';

export default function migrate(db: Database): void {
  db.exec(`
    DELETE FROM mail_outbox WHERE redacted_at IS NULL;
    ALTER TABLE mail_outbox DROP COLUMN text_body;
    ALTER TABLE mail_outbox DROP COLUMN html_body;
    ALTER TABLE mail_outbox DROP COLUMN code;
    ALTER TABLE mail_outbox ADD COLUMN sealed BLOB;

    CREATE TABLE data_key_check (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      sealed BLOB NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;
  `);
}
