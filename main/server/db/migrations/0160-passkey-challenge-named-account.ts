// A passkey sign-in asked for with an email names an account, even when no account has that
// address: only that account's passkeys may answer its challenge. Before, a challenge for an
// unknown address took any passkey while a known one refused a stranger's, which told the two
// apart. Challenges live minutes; older ones keep the old rule until they expire.
import type { Database } from 'better-sqlite3';

export default function migrate(db: Database): void {
  db.exec(`
    ALTER TABLE passkey_challenges
      ADD COLUMN for_named_account INTEGER NOT NULL DEFAULT 0 CHECK (for_named_account IN (0, 1));
  `);
}
