// When each device first completed a sign-in, so that a sign-in from a device the account has not
// used before can be told to the user (docs/security.md R70). A device that only ever passed a first
// factor has none yet. Existing devices count as known from their first session.
import type { Database } from 'better-sqlite3';

export default function migrate(db: Database): void {
  db.exec(`
    ALTER TABLE devices ADD COLUMN first_sign_in_at INTEGER;
    UPDATE devices SET first_sign_in_at = (SELECT min(created_at) FROM sessions WHERE device_pk = devices.pk);
  `);
}
