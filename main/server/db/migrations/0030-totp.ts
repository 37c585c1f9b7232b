// TOTP second factor (docs/security.md): factors with sealed secrets and the last accepted step,
// hashed recovery codes, and the challenges a sign-in answers with when a second factor is due.
import type { Database } from 'better-sqlite3';

export default function migrate(db: Database): void {
  db.exec(`
    -- At most one active and one pending factor per user: re-enrolling keeps the active one
    -- until the new secret is confirmed.
    CREATE TABLE totp_factors (
      id INTEGER PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      state TEXT NOT NULL CHECK (state IN ('pending', 'active')),
      secret_sealed BLOB NOT NULL,
      last_accepted_step INTEGER,
      created_at INTEGER NOT NULL,
      confirmed_at INTEGER,
      UNIQUE (user_id, state)
    ) STRICT;

    CREATE TABLE recovery_codes (
      id INTEGER PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      code_hash TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      used_at INTEGER
    ) STRICT;
    CREATE INDEX recovery_codes_by_user ON recovery_codes(user_id);

    CREATE TABLE second_factor_challenges (
      token_hash BLOB PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      device_pk INTEGER NOT NULL REFERENCES devices(pk) ON DELETE CASCADE,
      amr TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      used_at INTEGER
    ) STRICT;
    CREATE INDEX second_factor_challenges_by_user ON second_factor_challenges(user_id);
    CREATE INDEX second_factor_challenges_by_expiry ON second_factor_challenges(expires_at);
  `);
}
