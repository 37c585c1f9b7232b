// Accounts, devices, sessions, refresh tokens, signing keys, server secrets, throttles, audit.
import type { Database } from 'better-sqlite3';

export default function migrate(db: Database): void {
  db.exec(`
    CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      uuid TEXT NOT NULL UNIQUE,
      email TEXT NOT NULL,
      email_normalized TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      password_hash TEXT,
      role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
      status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'banned')),
      status_reason TEXT,
      org_id TEXT,
      locale TEXT,
      email_verified_at INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE devices (
      pk INTEGER PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      public_id TEXT NOT NULL,
      platform TEXT,
      name TEXT,
      os_version TEXT,
      app_version TEXT,
      fingerprint TEXT,
      push_token TEXT,
      locale TEXT,
      user_agent TEXT,
      ip_address TEXT,
      trusted_until INTEGER,
      created_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL,
      revoked_at INTEGER,
      UNIQUE (user_id, public_id)
    ) STRICT;

    CREATE TABLE sessions (
      id TEXT PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      device_pk INTEGER NOT NULL REFERENCES devices(pk) ON DELETE CASCADE,
      amr TEXT NOT NULL,
      aal INTEGER NOT NULL,
      auth_time INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      last_active_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      revoked_at INTEGER,
      revoke_reason TEXT
    ) STRICT;
    CREATE INDEX sessions_by_user ON sessions(user_id);
    CREATE INDEX sessions_by_device ON sessions(device_pk);

    CREATE TABLE refresh_tokens (
      id INTEGER PRIMARY KEY,
      session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      token_hash BLOB NOT NULL UNIQUE,
      parent_id INTEGER REFERENCES refresh_tokens(id) ON DELETE CASCADE,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      used_at INTEGER,
      revoked_at INTEGER
    ) STRICT;
    CREATE INDEX refresh_tokens_by_session ON refresh_tokens(session_id);
    CREATE INDEX refresh_tokens_by_parent ON refresh_tokens(parent_id);

    CREATE TABLE signing_keys (
      kid TEXT PRIMARY KEY,
      alg TEXT NOT NULL,
      public_jwk TEXT NOT NULL,
      private_jwk_sealed BLOB NOT NULL,
      created_at INTEGER NOT NULL,
      retired_at INTEGER,
      verify_until INTEGER
    ) STRICT;

    CREATE TABLE server_secrets (
      name TEXT PRIMARY KEY,
      sealed BLOB NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE throttles (
      key TEXT PRIMARY KEY,
      failures INTEGER NOT NULL,
      first_failure_at INTEGER NOT NULL,
      last_failure_at INTEGER NOT NULL,
      locked_until INTEGER
    ) STRICT;

    CREATE TABLE audit_events (
      id INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      type TEXT NOT NULL,
      user_id INTEGER,
      session_id TEXT,
      device_id TEXT,
      transport TEXT,
      ip_address TEXT,
      details TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_events_by_user ON audit_events(user_id);
    CREATE INDEX audit_events_by_type ON audit_events(type, at);
  `);
}
