// A new password (chosen for the first time, changed or reset) starts the account afresh, in the
// transaction that stores it: every device asks for the second factor again, codes and links
// mailed before it stop working (a password-reset code among them), and whatever sessions left
// unfinished is void (docs/security.md, "Passwords").
import type { Db } from '../db/open.ts';
import { voidUnfinished } from '../sessions/unfinished.ts';
import { untrustAllDevices } from '../totp/trusted-devices.ts';
import { voidMailedSecrets, type UserRow } from './users.ts';

export function voidIssuedBeforeNewPassword(db: Db, user: Pick<UserRow, 'id' | 'email_normalized'>): void {
  untrustAllDevices(db, user.id);
  voidMailedSecrets(db, user.email_normalized);
  voidUnfinished(db, user.id);
}
