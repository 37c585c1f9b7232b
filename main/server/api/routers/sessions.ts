// sessions.*: the signed-in user's live sessions, with the current one marked.
import { byIdInput } from '../../../../shared/schemas.ts';
import { AuthError } from '../../errors.ts';
import { findOpenSessionOwner, listLiveSessions, revokeSessions, toPublicSession } from '../../sessions/sessions.ts';
import { publicSessionSchema, revokedSchema } from '../../../../shared/outputs.ts';
import { authedProcedure, router } from '../trpc.ts';
import type { AuthedContext } from '../context.ts';

function revoke(ctx: AuthedContext, scope: { sessionId: string } | { userId: number; exceptSessionId: string }) {
  const { services, auth, request } = ctx;
  const ids = revokeSessions(services.db, scope, 'revoked_by_user', services.clock.now());
  for (const sessionId of ids) {
    services.audit.record({ type: 'session_revoked', userId: auth.user.id, sessionId }, request);
    services.events.emit('account', { userId: auth.user.id, kind: 'session.revoked', sessionId });
  }
  return { revokedSessions: ids.length };
}

export const sessionsRouter = router({
  list: authedProcedure
    .output(publicSessionSchema.array())
    .meta({ rest: { method: 'GET', path: '/v1/sessions', summary: 'Your live sessions', tag: 'sessions' } })
    .query(({ ctx }) => {
      const { services, auth } = ctx;
      return listLiveSessions(services.db, auth.user.id, services.clock.now(), services.lifetimes).map((row) =>
        toPublicSession(row, row.device_public_id, auth.session.id, services.lifetimes),
      );
    }),
  revoke: authedProcedure
    .input(byIdInput)
    .output(revokedSchema)
    .meta({ rest: { method: 'DELETE', path: '/v1/sessions/:id', summary: 'End one session', tag: 'sessions' } })
    .mutation(({ ctx, input }) => {
      if (findOpenSessionOwner(ctx.services.db, input.id) !== ctx.auth.user.id) throw new AuthError('NOT_FOUND');
      return revoke(ctx, { sessionId: input.id });
    }),
  revokeOthers: authedProcedure
    .output(revokedSchema)
    .mutation(({ ctx }) => revoke(ctx, { userId: ctx.auth.user.id, exceptSessionId: ctx.auth.session.id })),
});
