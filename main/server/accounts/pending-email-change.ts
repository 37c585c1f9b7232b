// The account's one pending change of address (its confirmation code went to the new address).
import type { Db } from '../db/open.ts';
import { stmt } from '../db/statements.ts';

export function deletePendingEmailChange(db: Db, userId: number): void {
  stmt(db, 'DELETE FROM email_changes WHERE user_id = ?').run(userId);
}
