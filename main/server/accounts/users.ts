// Reading and writing user rows. Public shapes are built field by field so nothing internal
// (hashes, status reasons, normalized keys) can leak by accident.
import type { Db } from '../db/open.ts';
import type { PublicUser } from '../../../shared/types.ts';
import type { UserRole, UserStatus } from '../../../shared/schemas.ts';
import { toIso } from '../clock.ts';
import { stmt } from '../db/statements.ts';

export interface UserRow {
  id: number;
  uuid: string;
  email: string;
  email_normalized: string;
  name: string;
  password_hash: string | null;
  role: UserRole;
  status: UserStatus;
  status_reason: string | null;
  org_id: string | null;
  locale: string | null;
  email_verified_at: number | null;
  created_at: number;
  updated_at: number;
}

/** Trimmed and case-folded: `User@X.com` and `user@x.com` are one account and one counter. */
export const normalizeEmail = (email: string): string => email.trim().normalize('NFKC').toLowerCase();

export function findUserByEmail(db: Db, email: string): UserRow | undefined {
  return stmt(db, 'SELECT * FROM users WHERE email_normalized = ?').get(normalizeEmail(email)) as UserRow | undefined;
}

export function findUserById(db: Db, id: number): UserRow | undefined {
  return stmt(db, 'SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
}

export interface NewUser {
  uuid: string;
  email: string;
  name: string;
  passwordHash: string | null;
  role?: UserRole;
  orgId?: string | null;
  emailVerifiedAt?: number | null;
  now: number;
}

/**
 * Inserts a user under an id no account has had (docs/security.md, "Tokens and sessions");
 * returns undefined when the email is taken (the caller decides what to say).
 */
export function insertUser(db: Db, user: NewUser): UserRow | undefined {
  const result = stmt(
    db,
    `INSERT INTO users (id, uuid, email, email_normalized, name, password_hash, role, org_id,
                          email_verified_at, created_at, updated_at)
       VALUES (coalesce((SELECT id FROM user_id_high_water), (SELECT max(id) FROM users), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (email_normalized) DO NOTHING`,
  ).run(
    user.uuid,
    user.email.trim(),
    normalizeEmail(user.email),
    user.name,
    user.passwordHash,
    user.role ?? 'user',
    user.orgId ?? null,
    user.emailVerifiedAt ?? null,
    user.now,
    user.now,
  );
  return result.changes === 1 ? findUserById(db, Number(result.lastInsertRowid)) : undefined;
}

const SEARCH_FILTER = `(@pattern IS NULL OR email_normalized LIKE @pattern ESCAPE '\\' OR lower(name) LIKE @pattern ESCAPE '\\')
  AND (@status IS NULL OR status = @status)`;
const SEARCH_PAGE = `SELECT * FROM users WHERE ${SEARCH_FILTER} ORDER BY id LIMIT @limit OFFSET @offset`;
const SEARCH_COUNT = `SELECT count(*) AS total FROM users WHERE ${SEARCH_FILTER}`;

/** A page of users whose email or name contains `query` (LIKE wildcards in it are literal). */
export function searchUsers(
  db: Db,
  filter: { query?: string | undefined; status?: UserStatus | undefined; limit: number; offset: number },
): { rows: UserRow[]; total: number } {
  const pattern = filter.query ? `%${filter.query.toLowerCase().replace(/[\\%_]/g, '\\$&')}%` : null;
  const params = { pattern, status: filter.status ?? null };
  const rows = stmt(db, SEARCH_PAGE).all({ ...params, limit: filter.limit, offset: filter.offset }) as UserRow[];
  const { total } = stmt(db, SEARCH_COUNT).get(params) as { total: number };
  return { rows, total };
}

export function setUserStatus(db: Db, userId: number, status: UserStatus, reason: string | null, now: number): void {
  stmt(db, 'UPDATE users SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?').run(
    status,
    reason,
    now,
    userId,
  );
}

/**
 * A user's rows in tables without a cascading foreign key, then the user (cascading the rest).
 * Dependents first: several find their rows through the users table, which must still hold the user.
 */
const DELETE_USER_ROWS: readonly string[] = [
  // Email codes, their send/failure log and mail are keyed by address (unknown emails have them too).
  'DELETE FROM email_codes WHERE email_normalized = (SELECT email_normalized FROM users WHERE id = @id)',
  'DELETE FROM magic_links WHERE email_normalized = (SELECT email_normalized FROM users WHERE id = @id)',
  'DELETE FROM email_code_events WHERE email_normalized = (SELECT email_normalized FROM users WHERE id = @id)',
  'DELETE FROM mail_outbox WHERE to_normalized = (SELECT email_normalized FROM users WHERE id = @id)',
  "DELETE FROM throttles WHERE key = 'email-code:' || (SELECT email_normalized FROM users WHERE id = @id)",
  'DELETE FROM throttles WHERE key = @accountKey',
  // Counters keyed by the user's id (the second factor's, the phone's wrong kiosk codes): ids may be
  // reused. Numbers bind as REAL, so the key is formatted as an integer explicitly.
  "DELETE FROM throttles WHERE key = printf('2fa:%d', @id)",
  "DELETE FROM throttles WHERE key = printf('device-code:acct:%d', @id)",
  'DELETE FROM users WHERE id = @id',
];

/** Deletes the user and every row of theirs; run it inside the deletion's transaction. */
export function deleteUserRows(db: Db, userId: number, accountKey: string): void {
  for (const sql of DELETE_USER_ROWS) stmt(db, sql).run({ id: userId, accountKey });
}

/**
 * Points the account at an address. When it is another one, codes and links mailed to the old one
 * no longer lead here (a magic link is looked up by its address, but is voided all the same).
 */
export function setUserEmail(db: Db, before: UserRow, email: string, verifiedAt: number | null, now: number): void {
  const normalized = normalizeEmail(email);
  stmt(db, 'UPDATE users SET email = ?, email_normalized = ?, email_verified_at = ?, updated_at = ? WHERE id = ?').run(
    email.trim(),
    normalized,
    verifiedAt,
    now,
    before.id,
  );
  if (normalized !== before.email_normalized) voidMailedSecrets(db, before.email_normalized);
}

/** Every code and sign-in link mailed to the address stops working. */
export function voidMailedSecrets(db: Db, emailNormalized: string): void {
  stmt(db, 'DELETE FROM email_codes WHERE email_normalized = ?').run(emailNormalized);
  stmt(db, 'DELETE FROM magic_links WHERE email_normalized = ?').run(emailNormalized);
}

export function setPasswordHash(db: Db, userId: number, hash: string, now: number): void {
  stmt(db, 'UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?').run(hash, now, userId);
}

/** Only while the stored hash is still `from`; false when it was replaced meanwhile. */
export function replacePasswordHash(db: Db, userId: number, hash: { from: string; to: string }, now: number): boolean {
  return (
    stmt(db, 'UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? AND password_hash = ?').run(
      hash.to,
      now,
      userId,
      hash.from,
    ).changes === 1
  );
}

/** For a passwordless account only; false when it has a password by now. */
export function setPasswordHashIfNone(db: Db, userId: number, hash: string, now: number): boolean {
  return (
    stmt(db, 'UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? AND password_hash IS NULL').run(
      hash,
      now,
      userId,
    ).changes === 1
  );
}

/** Columns other features add (TOTP) are looked up by name so this file need not know them. */
export type UserExtras = (db: Db, userId: number) => { totpEnabled: boolean };

export function toPublicUser(
  row: UserRow,
  extras: { totpEnabled: boolean; recoveryCodesRemaining?: number | undefined },
): PublicUser {
  return {
    id: row.id,
    uuid: row.uuid,
    email: row.email,
    name: row.name,
    role: row.role,
    status: row.status,
    emailVerified: row.email_verified_at !== null,
    hasPassword: row.password_hash !== null,
    totpEnabled: extras.totpEnabled,
    ...(extras.recoveryCodesRemaining !== undefined && { recoveryCodesRemaining: extras.recoveryCodesRemaining }),
    orgId: row.org_id,
    createdAt: toIso(row.created_at),
  };
}
