// The passkeys table: one row per registered credential (docs/security.md R76).
import type { PublicPasskey } from '../../../shared/passkeys.ts';
import type { Db } from '../db/open.ts';
import { toIso } from '../clock.ts';
import { stmt } from '../db/statements.ts';

export interface PasskeyRow {
  pk: number;
  public_id: string;
  user_id: number;
  credential_id: string;
  public_key: Buffer;
  sign_count: number;
  /** JSON array of transport hints. */
  transports: string;
  backup_eligible: number;
  backed_up: number;
  aaguid: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
  counter_regressed_at: number | null;
}

export type NewPasskey = Omit<PasskeyRow, 'pk' | 'last_used_at' | 'counter_regressed_at'>;

export function insertPasskey(db: Db, row: NewPasskey): void {
  stmt(
    db,
    `INSERT INTO passkeys (public_id, user_id, credential_id, public_key, sign_count, transports, backup_eligible,
       backed_up, aaguid, name, created_at)
     VALUES (@public_id, @user_id, @credential_id, @public_key, @sign_count, @transports, @backup_eligible,
       @backed_up, @aaguid, @name, @created_at)`,
  ).run(row);
}

export function findPasskeyByCredentialId(db: Db, credentialId: string): PasskeyRow | undefined {
  return stmt(db, 'SELECT * FROM passkeys WHERE credential_id = ?').get(credentialId) as PasskeyRow | undefined;
}

export function findOwnPasskey(db: Db, userId: number, publicId: string): PasskeyRow | undefined {
  return stmt(db, 'SELECT * FROM passkeys WHERE public_id = ? AND user_id = ?').get(publicId, userId) as
    PasskeyRow | undefined;
}

export function listPasskeys(db: Db, userId: number): PasskeyRow[] {
  return stmt(db, 'SELECT * FROM passkeys WHERE user_id = ? ORDER BY created_at, pk').all(userId) as PasskeyRow[];
}

export function countPasskeys(db: Db, userId: number): number {
  return (stmt(db, 'SELECT count(*) AS n FROM passkeys WHERE user_id = ?').get(userId) as { n: number }).n;
}

export function renamePasskey(db: Db, pk: number, name: string): void {
  stmt(db, 'UPDATE passkeys SET name = ? WHERE pk = ?').run(name, pk);
}

export function deletePasskey(db: Db, pk: number): boolean {
  return stmt(db, 'DELETE FROM passkeys WHERE pk = ?').run(pk).changes === 1;
}

/** After a good assertion: the counter and backup state it reported, and when. */
export function recordPasskeyUse(
  db: Db,
  pk: number,
  use: { signCount: number; backedUp: boolean; now: number; regressed: boolean },
): boolean {
  return (
    stmt(
      db,
      `UPDATE passkeys SET sign_count = max(sign_count, @signCount), backed_up = @backedUp, last_used_at = @now,
       counter_regressed_at = CASE WHEN @regressed THEN @now ELSE counter_regressed_at END
     WHERE pk = @pk`,
    ).run({
      pk,
      signCount: use.signCount,
      backedUp: use.backedUp ? 1 : 0,
      now: use.now,
      regressed: use.regressed ? 1 : 0,
    }).changes === 1
  );
}

/** A counter regression that was refused still marks the credential. */
export function flagCounterRegression(db: Db, pk: number, now: number): void {
  stmt(db, 'UPDATE passkeys SET counter_regressed_at = ? WHERE pk = ?').run(now, pk);
}

export function toPublicPasskey(row: PasskeyRow): PublicPasskey {
  return {
    id: row.public_id,
    name: row.name,
    createdAt: toIso(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : toIso(row.last_used_at),
    transports: JSON.parse(row.transports) as string[],
    backupEligible: row.backup_eligible === 1,
    backedUp: row.backed_up === 1,
    aaguid: row.aaguid,
    counterRegressed: row.counter_regressed_at !== null,
  };
}

/** RFC 8176 amr of a passkey: synced (backup eligible) is software-bound, else hardware-bound. */
export const passkeyAmr = (row: Pick<PasskeyRow, 'backup_eligible'>): 'swk' | 'hwk' =>
  row.backup_eligible === 1 ? 'swk' : 'hwk';

/**
 * Whether a passkey passed this first factor: then a passkey is no second factor (docs/security.md,
 * Passkeys: a presence-only passkey is a first factor only, and the second must be another kind).
 */
export const passedWithPasskey = (amr: readonly string[]): boolean => amr.includes('hwk') || amr.includes('swk');
