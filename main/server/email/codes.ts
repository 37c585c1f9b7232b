// The code store (docs/security.md R9–R14): one live code per email and purpose, kept
// only as an HMAC bound to both, with its expiry and wrong-answer count in real columns. Issuing
// replaces (voids) the previous code; a right answer deletes the row, so a code works once.
import type { Services } from '../services.ts';
import { stmt } from '../db/statements.ts';
import { constantTimeEqual, randomDigits } from '../crypto/random.ts';
import { keyedHash } from './code-key.ts';

export const CODE_PURPOSES = ['login', 'verify_email', 'reset_password'] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

type KeyServices = Pick<Services, 'db' | 'secretBox' | 'clock'>;

interface CodeRow {
  code_hash: Buffer;
  attempts: number;
  expires_at: number;
}

/** How a presented code fared. `dead`: no wrong answers left (this one may have used the last). */
/** `dead`: this wrong answer used the code up; `spent`: it was used up before (nothing compared). */
export type CodeCheck = 'ok' | 'missing' | 'expired' | 'wrong' | 'dead' | 'spent';

const hashCode = (services: KeyServices, purpose: CodePurpose, email: string, code: string): Buffer =>
  keyedHash(services, 'email-code', purpose, email, code);

/** A fresh 6-digit code for (email, purpose); the earlier one, if any, stops working. */
export function storeCode(
  services: KeyServices,
  input: { emailNormalized: string; purpose: CodePurpose; now: number; ttlMs: number },
): string {
  const code = randomDigits(6);
  stmt(
    services.db,
    `INSERT INTO email_codes (email_normalized, purpose, code_hash, attempts, created_at, expires_at)
     VALUES (?, ?, ?, 0, ?, ?)
     ON CONFLICT (email_normalized, purpose) DO UPDATE SET code_hash = excluded.code_hash, attempts = 0,
       created_at = excluded.created_at, expires_at = excluded.expires_at`,
  ).run(
    input.emailNormalized,
    input.purpose,
    hashCode(services, input.purpose, input.emailNormalized, code),
    input.now,
    input.now + input.ttlMs,
  );
  return code;
}

/**
 * Checks a presented code and consumes it when right; a wrong answer costs one attempt. Run it
 * inside an immediate transaction so parallel answers to one code see each other's effects.
 */
export function consumeCode(
  services: KeyServices,
  input: {
    emailNormalized: string;
    purpose: CodePurpose;
    code: string;
    now: number;
    maxAttempts: number;
    /** A right code stays for a later call to consume (checked before slow work, used after it). */
    keep?: boolean | undefined;
  },
): CodeCheck {
  const { db } = services;
  const key = [input.emailNormalized, input.purpose] as const;
  const row = stmt(
    db,
    'SELECT code_hash, attempts, expires_at FROM email_codes WHERE email_normalized = ? AND purpose = ?',
  ).get(...key) as CodeRow | undefined;
  if (!row) return 'missing';
  if (input.now >= row.expires_at) return 'expired';
  if (row.attempts >= input.maxAttempts) return 'spent';
  if (constantTimeEqual(hashCode(services, input.purpose, input.emailNormalized, input.code), row.code_hash)) {
    if (!input.keep) stmt(db, 'DELETE FROM email_codes WHERE email_normalized = ? AND purpose = ?').run(...key);
    return 'ok';
  }
  stmt(db, 'UPDATE email_codes SET attempts = attempts + 1 WHERE email_normalized = ? AND purpose = ?').run(...key);
  return row.attempts + 1 >= input.maxAttempts ? 'dead' : 'wrong';
}

/** Forgets expired codes; their answers would be refused anyway. */
export function purgeExpiredCodes(services: Pick<Services, 'db'>, now: number): number {
  return stmt(services.db, 'DELETE FROM email_codes WHERE expires_at <= ?').run(now).changes;
}

/** Voids the live code of (email, purpose): its magic link was used instead. */
export function voidCode(services: Pick<Services, 'db'>, emailNormalized: string, purpose: CodePurpose): void {
  stmt(services.db, 'DELETE FROM email_codes WHERE email_normalized = ? AND purpose = ?').run(emailNormalized, purpose);
}
