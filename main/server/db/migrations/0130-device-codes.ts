// Sign-ins a kiosk asked for and a phone approves (main/server/device-sign-in/). Neither code is
// kept: the device code as its SHA-256 (256 random bits need no key), the user code as an HMAC
// under the sealed server key (8 letters could be brute-forced from a bare hash). A row lives
// until its code expires or its answer is delivered once.
import type { Database } from 'better-sqlite3';

export default function migrate(db: Database): void {
  db.exec(`
    CREATE TABLE device_codes (
      id INTEGER PRIMARY KEY,
      device_code_hash BLOB NOT NULL UNIQUE,
      user_code_hash BLOB NOT NULL UNIQUE,
      device_facts TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied')),
      user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
      amr TEXT,
      aal INTEGER,
      interval_seconds INTEGER NOT NULL,
      last_polled_at INTEGER,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX device_codes_expires_at ON device_codes (expires_at);
  `);
}
