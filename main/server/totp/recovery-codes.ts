// Recovery (lookup) codes (docs/security.md R23): ten per set from a CSPRNG, about 49 bits each, shown once.
// Below 112 bits a plain digest could be brute-forced from a stolen database, so each code is
// stored as an argon2id hash with its own salt, through the same bounded hasher as passwords.
import { randomInt } from 'node:crypto';
import type { Db } from '../db/open.ts';
import type { PasswordHasher } from '../crypto/password-hasher.ts';
import { stmt } from '../db/statements.ts';

export const RECOVERY_CODE_COUNT = 10;
/** Crockford-style: no 0/O, 1/I/L confusion when read off paper. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const GROUP = 5;

interface RecoveryCodeRow {
  id: number;
  code_hash: string;
}

function newCode(): string {
  let code = '';
  for (let i = 0; i < GROUP * 2; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, GROUP)}-${code.slice(GROUP)}`;
}

/** What is hashed and compared: upper case, no separators, so `abcde fghjk` matches `ABCDE-FGHJK`. */
export const normalizeRecoveryCode = (code: string): string => code.toUpperCase().replace(/[\s-]/g, '');

/** A fresh set: the codes to show once, and their hashes to store. */
export async function newRecoveryCodes(hasher: PasswordHasher): Promise<{ codes: string[]; hashes: string[] }> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  const hashes = await Promise.all(codes.map((code) => hasher.hash(normalizeRecoveryCode(code))));
  return { codes, hashes };
}

/** Inside a transaction: the old set is void, the new one stored. */
export function replaceRecoveryCodes(db: Db, userId: number, hashes: readonly string[], now: number): void {
  stmt(db, 'DELETE FROM recovery_codes WHERE user_id = ?').run(userId);
  const insert = stmt(db, 'INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)');
  for (const hash of hashes) insert.run(userId, hash, now);
}

export function deleteRecoveryCodes(db: Db, userId: number): void {
  stmt(db, 'DELETE FROM recovery_codes WHERE user_id = ?').run(userId);
}

export function remainingRecoveryCodes(db: Db, userId: number): number {
  const row = stmt(db, 'SELECT count(*) AS n FROM recovery_codes WHERE user_id = ? AND used_at IS NULL').get(
    userId,
  ) as { n: number };
  return row.n;
}

/**
 * Uses up the unused code matching `code`, if any. Every unused code is checked, match or not,
 * so the work does not depend on which one matched; a code used concurrently counts as no match.
 */
export async function consumeRecoveryCode(
  db: Db,
  hasher: PasswordHasher,
  userId: number,
  code: string,
  now: number,
): Promise<boolean> {
  const candidate = normalizeRecoveryCode(code);
  const rows = stmt(db, 'SELECT id, code_hash FROM recovery_codes WHERE user_id = ? AND used_at IS NULL').all(
    userId,
  ) as RecoveryCodeRow[];
  const results = await Promise.all(rows.map((row) => hasher.verify(candidate, row.code_hash)));
  const match = rows.find((_, index) => results[index]!.ok);
  if (!match) return false;
  return (
    stmt(db, 'UPDATE recovery_codes SET used_at = ? WHERE id = ? AND used_at IS NULL').run(now, match.id).changes === 1
  );
}
