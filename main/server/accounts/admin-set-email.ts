// admin.users.setEmail: an admin points an account at another address, typically to give a hijacked
// account back its owner's address after a reported email change (docs/security.md R75). The
// account's lock state follows it to the new address: a held account stays held until
// admin.users.unlock, and the counters left on the old address go with it. The new address gets a
// notice (docs/security.md R70).
import type { PublicUser } from '../../../shared/types.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import { AuthError, found } from '../errors.ts';
import { emailCodeThrottleKey } from '../email/code-events.ts';
import { accountThrottleKey } from '../security/sign-in-throttle.ts';
import { voidEmailChanges } from './email-change-report.ts';
import { notifyAccountChange } from './notices.ts';
import { findUserByEmail, findUserById, normalizeEmail, setUserEmail, toPublicUser, type UserRow } from './users.ts';

export interface AdminSetEmail {
  userId: number;
  email: string;
  /** Left out: a new address is not verified, and a respelled one keeps its mark. */
  emailVerified?: boolean | undefined;
  /** The admin's user id, or 'internal' for the in-process admin caller. */
  by: number | 'internal';
}

export async function adminSetEmail(
  services: Services,
  input: AdminSetEmail,
  request: RequestInfo,
): Promise<PublicUser> {
  const { db, clock, throttle, audit, events } = services;
  const now = clock.now();
  const { user, moved } = db
    .transaction(() => {
      const before = found(findUserById(db, input.userId));
      const holder = findUserByEmail(db, input.email);
      if (holder && holder.id !== before.id) throw new AuthError('CONFLICT');
      const to = normalizeEmail(input.email);
      // Not moved: only the spelling or the verified mark changes; codes and counters stay.
      const moved = to !== before.email_normalized;
      setUserEmail(db, before, input.email, verifiedAt(before, moved, input.emailVerified, now), now);
      if (moved) {
        throttle.move(accountThrottleKey(before.email_normalized), accountThrottleKey(to));
        throttle.move(emailCodeThrottleKey(before.email_normalized), emailCodeThrottleKey(to));
        // A pending change and the report links of earlier changes belong to the old address.
        voidEmailChanges(services, before.id);
      }
      audit.record({ type: 'user_email_set', userId: before.id, details: { by: input.by } }, request);
      return { user: findUserById(db, before.id)!, moved };
    })
    .immediate();
  events.emit('account', { userId: user.id, kind: 'user.updated' });
  if (moved) await notifyAccountChange(services, user, 'email_set', request);
  return toPublicUser(user, services.userExtras(user.id));
}

/** Since when the address counts as verified: a respelling keeps its mark unless the admin says otherwise. */
function verifiedAt(before: UserRow, moved: boolean, vouched: boolean | undefined, now: number): number | null {
  const kept = moved ? null : before.email_verified_at;
  if (vouched === undefined) return kept;
  return vouched ? (kept ?? now) : null;
}
