// Passkeys (WebAuthn, docs/security.md R76): each credential a user registered, with what the
// relying party must keep (public key, sign counter, transports, backup flags, AAGUID), and the
// challenges an options call hands out. A challenge is stored only as its SHA-256 and names what
// it is bound to: the session that asked to register, or the sign-in attempt (the account an
// email named, or the second-factor challenge it answers).
import type { Database } from 'better-sqlite3';

export default function migrate(db: Database): void {
  db.exec(`
    CREATE TABLE passkeys (
      pk INTEGER PRIMARY KEY,
      public_id TEXT NOT NULL UNIQUE,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      credential_id TEXT NOT NULL UNIQUE,
      public_key BLOB NOT NULL,
      sign_count INTEGER NOT NULL,
      transports TEXT NOT NULL,
      backup_eligible INTEGER NOT NULL,
      backed_up INTEGER NOT NULL,
      aaguid TEXT NOT NULL,
      name TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      last_used_at INTEGER,
      counter_regressed_at INTEGER
    ) STRICT;
    CREATE INDEX passkeys_by_user ON passkeys(user_id);

    CREATE TABLE passkey_challenges (
      challenge_hash BLOB PRIMARY KEY,
      purpose TEXT NOT NULL CHECK (purpose IN ('register', 'sign_in', 'second_factor')),
      user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
      session_id TEXT,
      second_factor_hash BLOB,
      user_verification TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX passkey_challenges_by_expiry ON passkey_challenges(expires_at);
  `);
}
