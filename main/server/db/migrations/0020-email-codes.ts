// Email one-time codes (docs/security.md): hashed codes, the send/failure log that limits are counted
// from, the mail outbox, and offline captcha challenges. Codes and captcha answers are stored only
// as HMACs; the outbox is the one place a plain code lives, and SMTP delivery redacts it.
import type { Database } from 'better-sqlite3';

export default function migrate(db: Database): void {
  db.exec(`
    CREATE TABLE email_codes (
      email_normalized TEXT NOT NULL,
      purpose TEXT NOT NULL CHECK (purpose IN ('login', 'verify_email', 'reset_password')),
      code_hash BLOB NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      PRIMARY KEY (email_normalized, purpose)
    ) STRICT;
    CREATE INDEX email_codes_by_expiry ON email_codes(expires_at);

    CREATE TABLE email_code_events (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('sent', 'failed')),
      email_normalized TEXT NOT NULL,
      ip_address TEXT,
      device_id TEXT,
      at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX email_code_events_by_email ON email_code_events(email_normalized, kind, at);
    CREATE INDEX email_code_events_by_ip ON email_code_events(ip_address, kind, at) WHERE ip_address IS NOT NULL;
    CREATE INDEX email_code_events_by_device ON email_code_events(device_id, kind, at) WHERE device_id IS NOT NULL;
    CREATE INDEX email_code_events_by_age ON email_code_events(at);

    CREATE TABLE mail_outbox (
      id INTEGER PRIMARY KEY,
      to_address TEXT NOT NULL,
      to_normalized TEXT NOT NULL,
      subject TEXT NOT NULL,
      text_body TEXT NOT NULL,
      html_body TEXT NOT NULL,
      code TEXT,
      transport TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      sent_at INTEGER,
      failed_at INTEGER,
      error TEXT,
      redacted_at INTEGER
    ) STRICT;
    CREATE INDEX mail_outbox_by_recipient ON mail_outbox(to_normalized, id);
    CREATE INDEX mail_outbox_by_age ON mail_outbox(created_at);

    CREATE TABLE captcha_challenges (
      id TEXT PRIMARY KEY,
      answer_hash BLOB NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX captcha_challenges_by_expiry ON captcha_challenges(expires_at);
  `);
}
