// Changes a signed-in user makes to their own account (docs/security.md R6, R35, R67).
import type { AuthedContext } from '../call.ts';
import { AuthError } from '../errors.ts';
import { readLiveSession, revokeSessions } from '../sessions/sessions.ts';
import { accountThrottleKey, accountThrottleRule } from '../security/sign-in-throttle.ts';
import { hashNewPassword } from './new-password.ts';
import { notifyAccountChange } from './notices.ts';
import { voidIssuedBeforeNewPassword } from './password-replaced.ts';
import { deleteUserRows, findUserById, replacePasswordHash, setPasswordHashIfNone, toPublicUser } from './users.ts';
import type { UserRole } from '../../../shared/schemas.ts';
import type { PublicUser } from '../../../shared/types.ts';
import { stmt } from '../db/statements.ts';
import { redactUserEvents } from '../security/audit-chain.ts';

type Ctx = AuthedContext;

export function currentUser(ctx: Ctx): PublicUser {
  const { services, auth } = ctx;
  const user = findUserById(services.db, auth.user.id)!;
  return toPublicUser(user, services.userExtras(user.id));
}

/** account.me: what authenticating this very call has just read, not read again. */
export function signedInUser(ctx: Ctx): PublicUser {
  return toPublicUser(ctx.auth.user, ctx.auth.extras);
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

/**
 * Inside the transaction that writes a change the calling session asked for, after an await (a
 * hash, a WebAuthn verification): the session, its user and its device must still be live, and the
 * user still hold `role` when one is named. A revocation, reset, disable, demotion or deletion
 * committed during the wait wins.
 */
export function requireLiveCaller(ctx: Pick<Ctx, 'services' | 'auth'>, role?: UserRole): void {
  const { services, auth } = ctx;
  const live = readLiveSession(services.db, auth.session.id, services.clock.now(), services.lifetimes);
  if (!live || live.user.id !== auth.user.id) throw new AuthError('UNAUTHORIZED');
  if (role !== undefined && live.user.role !== role) throw new AuthError('FORBIDDEN');
}

/** For accounts created without a password (email code): choose one. */
export async function setPassword(ctx: Ctx, newPassword: string): Promise<PublicUser> {
  const { services, auth, request } = ctx;
  if (auth.user.password_hash !== null) throw new AuthError('CONFLICT', { reason: 'password_already_set' });
  requireRecentAuth(ctx);
  const hash = await hashNewPassword(services, newPassword, { email: auth.user.email, name: auth.user.name });
  services.db
    .transaction(() => {
      requireLiveCaller(ctx);
      // Only if still passwordless: a concurrent setPassword must not be overwritten.
      if (!setPasswordHashIfNone(services.db, auth.user.id, hash, services.clock.now()))
        throw new AuthError('CONFLICT', { reason: 'password_already_set' });
      voidIssuedBeforeNewPassword(services.db, auth.user);
      services.audit.record({ type: 'password_set', userId: auth.user.id, sessionId: auth.session.id }, request);
    })
    .immediate();
  await notifyAccountChange(services, auth.user, 'password_set', request);
  return currentUser(ctx);
}

export async function changePassword(
  ctx: Ctx,
  input: { currentPassword: string; newPassword: string; revokeOtherSessions: boolean },
): Promise<{ user: PublicUser; revokedSessions: number }> {
  const { services, auth, request } = ctx;
  const checkedHash = auth.user.password_hash;
  if (checkedHash === null) throw new AuthError('NO_PASSWORD_SET');
  // Charged before the hash, like a sign-in: a stolen session gets no parallel burst of guesses.
  const charged = services.throttle.charge([accountThrottleRule(services, auth.user.email_normalized)]);
  if ('retryAfter' in charged) throw new AuthError('RATE_LIMITED', { retryAfter: charged.retryAfter });
  const { ok } = await services.hasher.verify(input.currentPassword, checkedHash).catch((error) => {
    services.throttle.refund(charged.charge);
    throw error;
  });
  if (!ok) {
    // Wrong current password counts against the same budget as a failed sign-in.
    services.audit.record(
      { type: 'password_change_failed', userId: auth.user.id, sessionId: auth.session.id },
      request,
    );
    throw new AuthError('INVALID_PASSWORD');
  }
  services.throttle.refund(charged.charge);
  const hash = await hashNewPassword(services, input.newPassword, { email: auth.user.email, name: auth.user.name });
  const now = services.clock.now();
  // One commit: a crash can never leave the new password in place with the other sessions alive.
  const revoked = services.db
    .transaction(() => {
      requireLiveCaller(ctx);
      // Only over the hash the current password was checked against: a reset or change wins.
      if (!replacePasswordHash(services.db, auth.user.id, { from: checkedHash, to: hash }, now))
        throw new AuthError('INVALID_PASSWORD');
      // Whichever sessions stay: a sign-in halfway through with the old password does not finish.
      voidIssuedBeforeNewPassword(services.db, auth.user);
      const ended = input.revokeOtherSessions
        ? revokeSessions(
            services.db,
            { userId: auth.user.id, exceptSessionId: auth.session.id },
            'password_changed',
            now,
          )
        : [];
      services.audit.record(
        {
          type: 'password_changed',
          userId: auth.user.id,
          sessionId: auth.session.id,
          details: { revokedSessions: ended.length },
        },
        request,
      );
      return ended;
    })
    .immediate();
  for (const sessionId of revoked)
    services.events.emit('account', { userId: auth.user.id, kind: 'session.revoked', sessionId });
  await notifyAccountChange(services, auth.user, 'password_changed', request);
  return { user: currentUser(ctx), revokedSessions: revoked.length };
}

/**
 * Removes every row of the user in one transaction, then scrubs the write-ahead log (R67). Audit
 * rows stay, for the chain's sake, with everything that said who or where redacted (R70).
 */
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
    redactUserEvents(db, userId, services.clock.now());
    deleteUserRows(db, userId, accountThrottleKey(user.email_normalized));
    // A self-deletion's address would point back at the person: the record keeps only the transport.
    const source = actor === 'self' ? { transport: request.transport } : request;
    services.audit.record({ type: 'account_deleted', details: { actor } }, source);
  }).immediate();
  if (db.name !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)');
  services.events.emit('account', { userId, kind: 'session.revoked' });
}
