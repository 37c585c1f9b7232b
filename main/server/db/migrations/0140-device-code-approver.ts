// A kiosk's approval stands only while the phone session that gave it does: signing out, a new
// password, a report or an admin ending that session withdraws an approval the kiosk has not yet
// collected. An approval written before this version names no session, so it cannot be checked
// and is dropped (its kiosk hears EXPIRED_TOKEN and starts again).
import type { Database } from 'better-sqlite3';

export default function migrate(db: Database): void {
  db.exec(`
    ALTER TABLE device_codes ADD COLUMN approved_by TEXT REFERENCES sessions (id) ON DELETE SET NULL;
    DELETE FROM device_codes WHERE status = 'approved';
  `);
}
