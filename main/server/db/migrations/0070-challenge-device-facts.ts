// The device facts a sign-in sent with its first factor (name, platform, push token, address…)
// wait on its second-factor challenge and reach the device row only once the challenge is
// answered: the password alone must not rewrite or revive an existing device. A challenge may now
// stand for a revoked device (answering it revives the device), so one issued before revocation
// voided its challenges must go: its device was revoked after the first factor passed.
import type { Database } from 'better-sqlite3';

export default function migrate(db: Database): void {
  db.exec(`
    ALTER TABLE second_factor_challenges ADD COLUMN device_facts TEXT;
    DELETE FROM second_factor_challenges
      WHERE device_pk IN (SELECT pk FROM devices WHERE revoked_at IS NOT NULL);
  `);
}
