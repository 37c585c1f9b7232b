// Changes a signed-in user makes to their own account (SECURITY.md R6, R35, R67).
import type { AuthedContext } from '../api/context.ts';
import { AuthError } from '../errors.ts';
import { revokeSessions } from '../sessions/sessions.ts';
import { accountThrottleKey } from '../security/sign-in-throttle.ts';
import { untrustAllDevices } from '../totp/trusted-devices.ts';
import { hashNewPassword } from './new-password.ts';
import { findUserById, setPasswordHash, toPublicUser } from './users.ts';
import type { PublicUser } from '../../../shared/types.ts';
import { stmt } from '../db/statements.ts';

type Ctx = AuthedContext;

export function currentUser(ctx: Ctx): PublicUser {
  const { services, auth } = ctx;
  const user = findUserById(services.db, auth.user.id)!;
  return toPublicUser(user, services.userExtras(user.id));
}

export function updateName(ctx: Ctx, name: string): PublicUser {
  const { services, auth, request } = ctx;
  stmt(services.db, 'UPDATE users SET name = ?, updated_at = ? WHERE id = ?').run(
    name,
    services.clock.now(),
    auth.user.id,
  );
  services.audit.record({ type: 'name_changed', userId: auth.user.id, sessionId: auth.session.id }, request);
  services.events.emit('account', { userId: auth.user.id, kind: 'user.updated' });
  return currentUser(ctx);
}

/** Sensitive changes need a sign-in within the last few minutes, not just a live session. */
export function requireRecentAuth(ctx: Ctx): void {
  const { services, auth } = ctx;
  const age = services.clock.now() - auth.session.auth_time;
  if (age > services.config.reauthWindowSeconds * 1000) throw new AuthError('REAUTH_REQUIRED');
}

/** For accounts created without a password (email code): choose one. */
export async function setPassword(ctx: Ctx, newPassword: string): Promise<PublicUser> {
  const { services, auth, request } = ctx;
  if (auth.user.password_hash !== null) throw new AuthError('CONFLICT', { reason: 'password_already_set' });
  requireRecentAuth(ctx);
  const hash = await hashNewPassword(services, newPassword, { email: auth.user.email, name: auth.user.name });
  setPasswordHash(services.db, auth.user.id, hash, services.clock.now());
  // A new password starts trust afresh: every device asks for the second factor again.
  untrustAllDevices(services.db, auth.user.id);
  services.audit.record({ type: 'password_set', userId: auth.user.id, sessionId: auth.session.id }, request);
  return currentUser(ctx);
}

export async function changePassword(
  ctx: Ctx,
  input: { currentPassword: string; newPassword: string; revokeOtherSessions: boolean },
): Promise<{ user: PublicUser; revokedSessions: number }> {
  const { services, auth, request } = ctx;
  const key = accountThrottleKey(auth.user.email_normalized);
  const retryAfter = services.throttle.retryAfter([key]);
  if (retryAfter > 0) throw new AuthError('RATE_LIMITED', { retryAfter });
  if (auth.user.password_hash === null) throw new AuthError('NO_PASSWORD_SET');
  const { ok } = await services.hasher.verify(input.currentPassword, auth.user.password_hash);
  if (!ok) {
    // Wrong current password counts against the same budget as a failed sign-in.
    services.throttle.recordFailure([{ key, threshold: services.config.lockout.threshold }]);
    services.audit.record(
      { type: 'password_change_failed', userId: auth.user.id, sessionId: auth.session.id },
      request,
    );
    throw new AuthError('INVALID_PASSWORD');
  }
  const hash = await hashNewPassword(services, input.newPassword, { email: auth.user.email, name: auth.user.name });
  const now = services.clock.now();
  setPasswordHash(services.db, auth.user.id, hash, now);
  untrustAllDevices(services.db, auth.user.id);
  const revoked = input.revokeOtherSessions
    ? revokeSessions(services.db, { userId: auth.user.id, exceptSessionId: auth.session.id }, 'password_changed', now)
    : [];
  services.audit.record(
    {
      type: 'password_changed',
      userId: auth.user.id,
      sessionId: auth.session.id,
      details: { revokedSessions: revoked.length },
    },
    request,
  );
  for (const sessionId of revoked)
    services.events.emit('account', { userId: auth.user.id, kind: 'session.revoked', sessionId });
  return { user: currentUser(ctx), revokedSessions: revoked.length };
}

/** Removes every row of the user in one transaction, then scrubs the write-ahead log (R67). */
export function deleteUser(
  services: Ctx['services'],
  userId: number,
  request: Ctx['request'],
  actor: 'self' | 'admin',
): void {
  const { db } = services;
  const user = findUserById(db, userId);
  if (!user) throw new AuthError('NOT_FOUND');
  db.transaction(() => {
    for (const sql of DELETE_USER_ROWS)
      stmt(db, sql).run({ id: userId, key: accountThrottleKey(user.email_normalized) });
    services.audit.record({ type: 'account_deleted', details: { actor } }, request);
  }).immediate();
  if (db.name !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)');
  services.events.emit('account', { userId, kind: 'session.revoked' });
}

/** Rows of a user in tables without a cascading foreign key; features add theirs here. */
export const DELETE_USER_ROWS: string[] = [
  'DELETE FROM audit_events WHERE user_id = @id',
  // Email codes, their send/failure log and mail are keyed by address (unknown emails have them too).
  'DELETE FROM email_codes WHERE email_normalized = (SELECT email_normalized FROM users WHERE id = @id)',
  'DELETE FROM email_code_events WHERE email_normalized = (SELECT email_normalized FROM users WHERE id = @id)',
  'DELETE FROM mail_outbox WHERE to_normalized = (SELECT email_normalized FROM users WHERE id = @id)',
  "DELETE FROM throttles WHERE key = 'email-code:' || (SELECT email_normalized FROM users WHERE id = @id)",
  'DELETE FROM throttles WHERE key = @key',
  'DELETE FROM users WHERE id = @id',
];
