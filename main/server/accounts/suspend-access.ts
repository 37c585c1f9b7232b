// An admin's disable or ban ends the account's access in the transaction that sets its status: its
// sessions with their refresh tokens and unfinished steps, every device's trust, and the codes and
// links mailed to it. Enabling the account again revives none of them (docs/security.md, "Tokens and
// sessions").
import type { Db } from '../db/open.ts';
import { revokeSessions } from '../sessions/sessions.ts';
import { untrustAllDevices } from '../totp/trusted-devices.ts';
import { voidMailedSecrets, type UserRow } from './users.ts';

/** Returns the ids of the sessions it ended. */
export function suspendAccess(
  db: Db,
  user: Pick<UserRow, 'id' | 'email_normalized'>,
  reason: string,
  now: number,
): string[] {
  untrustAllDevices(db, user.id);
  voidMailedSecrets(db, user.email_normalized);
  return revokeSessions(db, { userId: user.id }, reason, now);
}
