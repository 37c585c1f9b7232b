// What a user's sessions started and have not finished: sign-ins waiting on their second factor, a
// change of address waiting on its code, an authenticator app waiting to be confirmed. Whatever
// ends all of a user's sessions or replaces the password voids them, in the same transaction: a
// session that was thrown out must not leave behind a change that a later session finishes
// (docs/security.md, "Tokens and sessions").
import type { Db } from '../db/open.ts';
import { deletePendingEmailChange } from '../accounts/pending-email-change.ts';
import { deleteChallenges } from '../totp/challenges.ts';
import { deletePendingFactor } from '../totp/factors.ts';

export function voidUnfinished(db: Db, userId: number): void {
  deleteChallenges(db, userId);
  deletePendingEmailChange(db, userId);
  deletePendingFactor(db, userId);
}
