// passkeys.list / rename / delete: the signed-in user's own passkeys. Another user's id answers
// NOT_FOUND, exactly as an unknown one. A deleted passkey signs in no more (its row is gone).
import type { PublicPasskey } from '../../../shared/passkeys.ts';
import type { AuthedContext } from '../call.ts';
import { AuthError } from '../errors.ts';
import { deletePasskey, findOwnPasskey, listPasskeys, renamePasskey, toPublicPasskey } from './credentials.ts';

export function listOwnPasskeys(ctx: AuthedContext): PublicPasskey[] {
  return listPasskeys(ctx.services.db, ctx.auth.user.id).map(toPublicPasskey);
}

export function renameOwnPasskey(ctx: AuthedContext, id: string, name: string): PublicPasskey {
  const { services, auth, request } = ctx;
  const row = findOwnPasskey(services.db, auth.user.id, id);
  if (!row) throw new AuthError('NOT_FOUND');
  services.db
    .transaction(() => {
      renamePasskey(services.db, row.pk, name);
      services.audit.record(
        { type: 'passkey_renamed', userId: auth.user.id, sessionId: auth.session.id, details: { passkey: id } },
        request,
      );
    })
    .immediate();
  return toPublicPasskey(findOwnPasskey(services.db, auth.user.id, id)!);
}

export function deleteOwnPasskey(ctx: AuthedContext, id: string): { deleted: true } {
  const { services, auth, request } = ctx;
  const deleted = services.db
    .transaction(() => {
      const row = findOwnPasskey(services.db, auth.user.id, id);
      if (!row || !deletePasskey(services.db, row.pk)) return false;
      services.audit.record(
        { type: 'passkey_deleted', userId: auth.user.id, sessionId: auth.session.id, details: { passkey: id } },
        request,
      );
      return true;
    })
    .immediate();
  if (!deleted) throw new AuthError('NOT_FOUND');
  services.events.emit('account', { userId: auth.user.id, kind: 'user.updated' });
  return { deleted: true };
}
