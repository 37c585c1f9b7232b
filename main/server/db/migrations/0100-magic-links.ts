// Magic links (docs/security.md R74): one live link per email, kept only as an HMAC of its token
// (looked up by that hash), with the facts of the device that asked so the landing page can show
// them before anyone is signed in. The browser nonce is hashed too.
import type { Database } from 'better-sqlite3';

export default function migrate(db: Database): void {
  db.exec(`
    CREATE TABLE magic_links (
      email_normalized TEXT PRIMARY KEY,
      email TEXT NOT NULL,
      token_hash BLOB NOT NULL UNIQUE,
      nonce_hash BLOB,
      redirect_to TEXT,
      device_id TEXT,
      device_name TEXT,
      platform TEXT,
      ip_address TEXT,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX magic_links_by_expiry ON magic_links(expires_at);
  `);
}
