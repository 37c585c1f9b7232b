// Device trust tokens: a device trusted at the second factor holds a random secret, of which the
// row keeps only the SHA-256. Trust recorded before this was keyed on the device id alone, which
// an HTTP client chooses and every access token names (`did`): it proves nothing, so it ends here.
import type { Database } from 'better-sqlite3';

export default function migrate(db: Database): void {
  db.exec(`
    ALTER TABLE devices ADD COLUMN trust_token_hash BLOB;
    UPDATE devices SET trusted_until = NULL;
  `);
}
