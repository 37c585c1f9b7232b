// Refresh tokens (docs/security.md R29–R32, R36): 256-bit opaque strings stored only
// as SHA-256, rotated on every use. A token presented twice means it was stolen or replayed:
// the whole session ends. Rotation is one immediate transaction, so of N concurrent refreshes of
// one token exactly one wins, in this process or another.
import type { Db } from '../db/open.ts';
import { randomToken, sha256 } from '../crypto/random.ts';
import { stmt } from '../db/statements.ts';

export interface RefreshTokenRow {
  id: number;
  session_id: string;
  token_hash: Buffer;
  parent_id: number | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
}

export interface IssuedRefreshToken {
  token: string;
  id: number;
  expiresAt: number;
}

export function issueRefreshToken(
  db: Db,
  input: { sessionId: string; parentId: number | null; now: number; expiresAt: number },
): IssuedRefreshToken {
  const token = randomToken(32);
  const result = stmt(
    db,
    `INSERT INTO refresh_tokens (session_id, token_hash, parent_id, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?)`,
  ).run(input.sessionId, sha256(token), input.parentId, input.now, input.expiresAt);
  return { token, id: Number(result.lastInsertRowid), expiresAt: input.expiresAt };
}

export type RotationCheck =
  | { kind: 'unknown' }
  | { kind: 'reused'; row: RefreshTokenRow }
  | { kind: 'revoked'; row: RefreshTokenRow }
  | { kind: 'expired'; row: RefreshTokenRow }
  | { kind: 'fresh'; row: RefreshTokenRow };

/** Classifies a presented token. Call inside the rotation transaction. */
export function inspectRefreshToken(db: Db, token: string, now: number): RotationCheck {
  const row = stmt(db, 'SELECT * FROM refresh_tokens WHERE token_hash = ?').get(sha256(token)) as
    RefreshTokenRow | undefined;
  if (!row) return { kind: 'unknown' };
  if (row.used_at !== null) return { kind: 'reused', row };
  if (row.revoked_at !== null) return { kind: 'revoked', row };
  if (row.expires_at <= now) return { kind: 'expired', row };
  return { kind: 'fresh', row };
}

/** Marks the token used; false if another caller got there first. */
export function consumeRefreshToken(db: Db, id: number, now: number): boolean {
  return stmt(db, 'UPDATE refresh_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL').run(now, id).changes === 1;
}
