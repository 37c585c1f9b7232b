// Sessions bind a user to a device with the factors used (amr/aal) and when they signed in. A
// session is live while not revoked, not past its absolute end and not idle too long; every
// authenticated call checks this, so revocation acts at once (docs/security.md R28, R33, R34).
import type { Db } from '../db/open.ts';
import type { PublicSession } from '../../../shared/types.ts';
import type { UserRow } from '../accounts/users.ts';
import type { DeviceRow } from './devices.ts';
import { toIso } from '../clock.ts';
import { randomId } from '../crypto/random.ts';
import { stmt } from '../db/statements.ts';
import { readTogether } from '../db/read-together.ts';
import { voidUnfinished } from './unfinished.ts';

export interface SessionRow {
  id: string;
  user_id: number;
  device_pk: number;
  amr: string;
  aal: number;
  auth_time: number;
  created_at: number;
  last_active_at: number;
  expires_at: number;
  revoked_at: number | null;
  revoke_reason: string | null;
}

export interface Lifetimes {
  idleMs: number;
  absoluteMs: number;
}

export function createSession(
  db: Db,
  input: {
    userId: number;
    devicePk: number;
    amr: string[];
    aal: number;
    now: number;
    absoluteMs: number;
    /** When its user last proved who they are, if not now (a kiosk's session: at the approving phone). */
    authTime?: number | undefined;
  },
): SessionRow {
  const id = randomId('ses');
  stmt(
    db,
    `INSERT INTO sessions (id, user_id, device_pk, amr, aal, auth_time, created_at, last_active_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    input.userId,
    input.devicePk,
    JSON.stringify(input.amr),
    input.aal,
    input.authTime ?? input.now,
    input.now,
    input.now,
    input.now + input.absoluteMs,
  );
  return stmt(db, 'SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow;
}

export const isSessionLive = (session: SessionRow, now: number, lifetimes: Lifetimes): boolean =>
  session.revoked_at === null && now < session.expires_at && now < session.last_active_at + lifetimes.idleMs;

export interface LiveSession {
  session: SessionRow;
  user: UserRow;
  device: DeviceRow;
}

/** The session with its user and device, or undefined if any of them is not live. */
export function loadLiveSession(db: Db, sessionId: string, now: number, lifetimes: Lifetimes): LiveSession | undefined {
  return readTogether(db, () => readLiveSession(db, sessionId, now, lifetimes));
}

/** loadLiveSession's reads, for a caller that joins them to its own read transaction. */
export function readLiveSession(db: Db, sessionId: string, now: number, lifetimes: Lifetimes): LiveSession | undefined {
  const session = stmt(db, 'SELECT * FROM sessions WHERE id = ?').get(sessionId) as SessionRow | undefined;
  if (!session || !isSessionLive(session, now, lifetimes)) return undefined;
  const user = stmt(db, 'SELECT * FROM users WHERE id = ?').get(session.user_id) as UserRow;
  const device = stmt(db, 'SELECT * FROM devices WHERE pk = ?').get(session.device_pk) as DeviceRow;
  if (user.status !== 'active' || device.revoked_at !== null) return undefined;
  return { session, user, device };
}

export function markSessionActive(db: Db, sessionId: string, now: number): void {
  stmt(db, 'UPDATE sessions SET last_active_at = ? WHERE id = ?').run(now, sessionId);
}

export function listLiveSessions(db: Db, userId: number | undefined, now: number, lifetimes: Lifetimes) {
  const rows = stmt(
    db,
    `SELECT s.*, d.public_id AS device_public_id FROM sessions s JOIN devices d ON d.pk = s.device_pk
       WHERE (@userId IS NULL OR s.user_id = @userId) AND s.revoked_at IS NULL AND s.expires_at > @now
         AND s.last_active_at > @idleCutoff
       ORDER BY s.last_active_at DESC`,
  ).all({ userId: userId ?? null, now, idleCutoff: now - lifetimes.idleMs }) as Array<
    SessionRow & { device_public_id: string }
  >;
  return rows;
}

export function toPublicSession(
  row: SessionRow,
  devicePublicId: string,
  currentId: string | undefined,
  lifetimes: Lifetimes,
): PublicSession {
  return {
    id: row.id,
    deviceId: devicePublicId,
    amr: JSON.parse(row.amr) as string[],
    aal: row.aal,
    authTime: toIso(row.auth_time),
    createdAt: toIso(row.created_at),
    lastActiveAt: toIso(row.last_active_at),
    expiresAt: toIso(Math.min(row.expires_at, row.last_active_at + lifetimes.idleMs)),
    current: row.id === currentId,
  };
}

type RevokeScope =
  { sessionId: string } | { userId: number; exceptSessionId?: string | undefined } | { devicePk: number };

function sessionsInScope(db: Db, scope: RevokeScope): string[] {
  const rows =
    'sessionId' in scope
      ? stmt(db, 'SELECT id FROM sessions WHERE revoked_at IS NULL AND id = ?').all(scope.sessionId)
      : 'devicePk' in scope
        ? stmt(db, 'SELECT id FROM sessions WHERE revoked_at IS NULL AND device_pk = ?').all(scope.devicePk)
        : stmt(db, 'SELECT id FROM sessions WHERE revoked_at IS NULL AND user_id = ? AND id != ?').all(
            scope.userId,
            scope.exceptSessionId ?? '',
          );
  return (rows as Array<{ id: string }>).map((row) => row.id);
}

/** The user a session belongs to, in any state, or undefined once retention has deleted it. */
export function findSessionOwner(db: Db, sessionId: string): number | undefined {
  const row = stmt(db, 'SELECT user_id FROM sessions WHERE id = ?').get(sessionId) as { user_id: number } | undefined;
  return row?.user_id;
}

/** The user a session not yet revoked belongs to (live or expired), or undefined. */
export function findOpenSessionOwner(db: Db, sessionId: string): number | undefined {
  const row = stmt(db, 'SELECT user_id FROM sessions WHERE id = ? AND revoked_at IS NULL').get(sessionId) as
    { user_id: number } | undefined;
  return row?.user_id;
}

/**
 * Ends sessions and every refresh token they hold, in one transaction; returns the ids ended. Ending
 * all of a user's sessions also voids what they left unfinished (unfinished.ts): a sign-in halfway
 * through (its first factor passed, perhaps with a password just replaced) must not finish after
 * everyone was sent out, nor a change of address a thrown-out session asked for.
 */
export function revokeSessions(db: Db, scope: RevokeScope, reason: string, now: number): string[] {
  return db
    .transaction(() => {
      if ('userId' in scope) voidUnfinished(db, scope.userId);
      const ids = sessionsInScope(db, scope);
      for (const id of ids) {
        stmt(db, 'UPDATE sessions SET revoked_at = ?, revoke_reason = ? WHERE id = ?').run(now, reason, id);
        stmt(db, 'UPDATE refresh_tokens SET revoked_at = ? WHERE session_id = ? AND revoked_at IS NULL').run(now, id);
      }
      return ids;
    })
    .immediate();
}
