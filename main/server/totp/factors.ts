// TOTP factors in the database. The secret is sealed by the secret box (key outside the database,
// docs/security.md R22) and only ever opened in memory to check a code.
import type { Db } from '../db/open.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { stmt } from '../db/statements.ts';

export type FactorState = 'pending' | 'active';

export interface TotpFactorRow {
  id: number;
  user_id: number;
  state: FactorState;
  secret_sealed: Buffer;
  last_accepted_step: number | null;
  created_at: number;
  confirmed_at: number | null;
}

export function findFactor(db: Db, userId: number, state: FactorState): TotpFactorRow | undefined {
  return stmt(db, 'SELECT * FROM totp_factors WHERE user_id = ? AND state = ?').get(userId, state) as
    TotpFactorRow | undefined;
}

export const hasActiveFactor = (db: Db, userId: number): boolean =>
  stmt(db, "SELECT 1 FROM totp_factors WHERE user_id = ? AND state = 'active'").get(userId) !== undefined;

export function deletePendingFactor(db: Db, userId: number): void {
  stmt(db, "DELETE FROM totp_factors WHERE user_id = ? AND state = 'pending'").run(userId);
}

/** A new pending secret replaces any earlier unconfirmed one; the active factor is untouched. */
export function savePendingFactor(db: Db, box: SecretBox, userId: number, secret: Uint8Array, now: number): void {
  db.transaction(() => {
    deletePendingFactor(db, userId);
    stmt(db, "INSERT INTO totp_factors (user_id, state, secret_sealed, created_at) VALUES (?, 'pending', ?, ?)").run(
      userId,
      box.seal(secret),
      now,
    );
  }).immediate();
}

export const openSecret = (box: SecretBox, factor: TotpFactorRow): Uint8Array => box.open(factor.secret_sealed);

/**
 * Records `step` as the factor's last accepted one, only if it is newer than what is stored; a
 * concurrent request that accepted the same or a later step makes this return false (R19).
 */
export function acceptStep(db: Db, factorId: number, step: number): boolean {
  const result = stmt(
    db,
    `UPDATE totp_factors SET last_accepted_step = ?
     WHERE id = ? AND (last_accepted_step IS NULL OR last_accepted_step < ?)`,
  ).run(step, factorId, step);
  return result.changes === 1;
}

/** Inside a transaction: the pending factor becomes the active one, replacing any earlier. */
export function activatePendingFactor(db: Db, pending: TotpFactorRow, step: number, now: number): boolean {
  stmt(db, "DELETE FROM totp_factors WHERE user_id = ? AND state = 'active'").run(pending.user_id);
  const result = stmt(
    db,
    `UPDATE totp_factors SET state = 'active', confirmed_at = ?, last_accepted_step = ?
     WHERE id = ? AND state = 'pending'`,
  ).run(now, step, pending.id);
  return result.changes === 1;
}

export function deleteFactors(db: Db, userId: number): void {
  stmt(db, 'DELETE FROM totp_factors WHERE user_id = ?').run(userId);
}
