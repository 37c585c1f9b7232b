// admin.*: user and session administration, for admins' sessions and the in-process admin caller.
import { randomUUID } from 'node:crypto';
import {
  adminAuditInput,
  adminBanInput,
  adminCreateUserInput,
  adminListSessionsInput,
  adminListUsersInput,
  adminResetPasswordInput,
  adminSetEmailInput,
  adminUserIdInput,
  byIdInput,
} from '../../../../shared/schemas.ts';
import type { UserStatus } from '../../../../shared/schemas.ts';
import { hashNewPassword } from '../../accounts/new-password.ts';
import { deleteUser, requireLiveCaller } from '../../accounts/manage.ts';
import { createUser } from '../../accounts/create-user.ts';
import { adminStartPasswordReset } from '../../accounts/request-password-reset.ts';
import { adminSetEmail } from '../../accounts/admin-set-email.ts';
import { suspendAccess } from '../../accounts/suspend-access.ts';
import { findUserById, searchUsers, setUserStatus, toPublicUser, type UserRow } from '../../accounts/users.ts';
import { AuthError, found } from '../../errors.ts';
import { unlockKeys } from '../../security/unlock-keys.ts';
import { findOpenSessionOwner, listLiveSessions, revokeSessions, toPublicSession } from '../../sessions/sessions.ts';
import {
  adminSessionSchema,
  auditChainVerdictSchema,
  auditEventSchema,
  deletedSchema,
  keyRotatedSchema,
  passwordResetStartedSchema,
  publicUserSchema,
  revokedSchema,
  userListSchema,
  userUnlockedSchema,
} from '../../../../shared/outputs.ts';
import { adminProcedure, router } from '../trpc.ts';
import type { Context } from '../context.ts';

type AdminCtx = Context & { auth?: { user: UserRow } | undefined };

function setStatus(ctx: AdminCtx, userId: number, status: UserStatus, reason: string | null) {
  const { services, request } = ctx;
  const user = found(findUserById(services.db, userId));
  if (ctx.auth?.user.id === userId && status !== 'active')
    throw new AuthError('FORBIDDEN', { reason: 'cannot_disable_self' });
  const now = services.clock.now();
  const revoked = services.db
    .transaction(() => {
      setUserStatus(services.db, userId, status, reason, now);
      return status === 'active' ? [] : suspendAccess(services.db, user, `user_${status}`, now);
    })
    .immediate();
  const type = status === 'active' ? 'user_enabled' : status === 'banned' ? 'user_banned' : 'user_disabled';
  services.audit.record(
    { type, userId, details: { by: ctx.auth?.user.id ?? 'internal', revokedSessions: revoked.length } },
    request,
  );
  for (const sessionId of revoked) services.events.emit('account', { userId, kind: 'session.revoked', sessionId });
  return toPublicUser({ ...user, status }, services.userExtras(userId));
}

const usersRouter = router({
  list: adminProcedure
    .input(adminListUsersInput)
    .output(userListSchema)
    .query(({ ctx, input }) => {
      const { rows, total } = searchUsers(ctx.services.db, input);
      return { users: rows.map((row) => toPublicUser(row, ctx.services.userExtras(row.id))), total };
    }),
  get: adminProcedure
    .input(adminUserIdInput)
    .output(publicUserSchema)
    .query(({ ctx, input }) => {
      const user = found(findUserById(ctx.services.db, input.userId));
      return toPublicUser(user, ctx.services.userExtras(user.id));
    }),
  create: adminProcedure
    .input(adminCreateUserInput)
    .output(publicUserSchema)
    .mutation(async ({ ctx, input }) => {
      const { services, request } = ctx;
      const passwordHash = input.password ? await hashNewPassword(services, input.password, input) : null;
      const now = services.clock.now();
      const user = services.db
        .transaction(() => {
          // The admin may have been disabled, demoted or signed out while the password hashed.
          if (ctx.auth) requireLiveCaller({ services, auth: ctx.auth }, 'admin');
          return createUser(
            services,
            {
              uuid: randomUUID(),
              email: input.email,
              name: input.name,
              passwordHash,
              role: input.role,
              orgId: input.orgId ?? null,
              emailVerifiedAt: input.emailVerified ? now : null,
              now,
            },
            (created) => ({
              type: 'user_created',
              userId: created.id,
              details: { by: ctx.auth?.user.id ?? 'internal', role: input.role },
            }),
            request,
          );
        })
        .immediate();
      if (!user) throw new AuthError('CONFLICT');
      return toPublicUser(user, services.userExtras(user.id));
    }),
  disable: adminProcedure
    .input(adminUserIdInput)
    .output(publicUserSchema)
    .mutation(({ ctx, input }) => setStatus(ctx, input.userId, 'disabled', null)),
  enable: adminProcedure
    .input(adminUserIdInput)
    .output(publicUserSchema)
    .mutation(({ ctx, input }) => setStatus(ctx, input.userId, 'active', null)),
  ban: adminProcedure
    .input(adminBanInput)
    .output(publicUserSchema)
    .mutation(({ ctx, input }) => setStatus(ctx, input.userId, 'banned', input.reason ?? null)),
  unlock: adminProcedure
    .input(adminUserIdInput)
    .output(userUnlockedSchema)
    .mutation(({ ctx, input }) => {
      const { services, request } = ctx;
      const user = found(findUserById(services.db, input.userId));
      services.throttle.unlock(unlockKeys(user));
      services.audit.record(
        { type: 'user_unlocked', userId: user.id, details: { by: ctx.auth?.user.id ?? 'internal' } },
        request,
      );
      return { unlocked: true as const };
    }),
  /** Points the account at another address (a hijacked account given back); its locks follow it. */
  setEmail: adminProcedure
    .input(adminSetEmailInput)
    .output(publicUserSchema)
    .mutation(({ ctx, input }) =>
      adminSetEmail(ctx.services, { ...input, by: ctx.auth?.user.id ?? 'internal' }, ctx.request),
    ),
  /** Starts a password reset for the user: the code by mail, or printed once (`print`). */
  resetPassword: adminProcedure
    .input(adminResetPasswordInput)
    .output(passwordResetStartedSchema)
    .mutation(({ ctx, input }) =>
      adminStartPasswordReset(ctx.services, { ...input, by: ctx.auth?.user.id ?? 'internal' }, ctx.request),
    ),
  delete: adminProcedure
    .input(adminUserIdInput)
    .output(deletedSchema)
    .mutation(({ ctx, input }) => {
      if (ctx.auth?.user.id === input.userId) throw new AuthError('FORBIDDEN', { reason: 'use_account_delete' });
      deleteUser(ctx.services, input.userId, ctx.request, 'admin');
      return { deleted: true as const };
    }),
});

const sessionsRouter = router({
  list: adminProcedure
    .input(adminListSessionsInput)
    .output(adminSessionSchema.array())
    .query(({ ctx, input }) => {
      const { services } = ctx;
      return listLiveSessions(services.db, input.userId, services.clock.now(), services.lifetimes).map((row) => ({
        ...toPublicSession(row, row.device_public_id, undefined, services.lifetimes),
        userId: row.user_id,
      }));
    }),
  revoke: adminProcedure
    .input(byIdInput)
    .output(revokedSchema)
    .mutation(({ ctx, input }) => {
      const { services, request } = ctx;
      const userId = found(findOpenSessionOwner(services.db, input.id));
      const ids = revokeSessions(services.db, { sessionId: input.id }, 'revoked_by_admin', services.clock.now());
      services.audit.record(
        {
          type: 'session_revoked',
          userId,
          sessionId: input.id,
          details: { by: ctx.auth?.user.id ?? 'internal' },
        },
        request,
      );
      services.events.emit('account', { userId, kind: 'session.revoked', sessionId: input.id });
      return { revokedSessions: ids.length };
    }),
  /** Every live session of one user ends at once: "sign them out everywhere" (docs/security.md R34). */
  revokeAll: adminProcedure
    .input(adminUserIdInput)
    .output(revokedSchema)
    .mutation(({ ctx, input }) => {
      const { services, request } = ctx;
      const user = found(findUserById(services.db, input.userId));
      const ids = revokeSessions(services.db, { userId: user.id }, 'revoked_by_admin', services.clock.now());
      services.audit.record(
        {
          type: 'sessions_revoked_all',
          userId: user.id,
          details: { by: ctx.auth?.user.id ?? 'internal', sessions: ids.length },
        },
        request,
      );
      for (const sessionId of ids) {
        services.events.emit('account', { userId: user.id, kind: 'session.revoked', sessionId });
      }
      return { revokedSessions: ids.length };
    }),
});

export const adminRouter = router({
  users: usersRouter,
  sessions: sessionsRouter,
  audit: router({
    list: adminProcedure
      .input(adminAuditInput)
      .output(auditEventSchema.array())
      .query(({ ctx, input }) => ctx.services.audit.list(input)),
    /** Walks the hash chain: `{ok: true}` or the first row that was edited or follows a removed one. */
    verify: adminProcedure.output(auditChainVerdictSchema).query(({ ctx }) => ctx.services.audit.verify()),
  }),
  keys: router({
    rotate: adminProcedure.output(keyRotatedSchema).mutation(async ({ ctx }) => {
      const key = await ctx.services.keys.rotate();
      ctx.services.audit.record({ type: 'signing_key_rotated', details: { kid: key.kid } }, ctx.request);
      return { kid: key.kid };
    }),
  }),
});
