// A reported account is held (docs/security.md, "This was not me"): until an admin unlocks it, no
// way in opens a session, whatever was already out when the report came (a link, an approved
// kiosk code, a passkey the hijacker added).
import type { UserRow } from '../accounts/users.ts';
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';
import { accountThrottleKey } from './sign-in-throttle.ts';

/** The wait a held account's sign-ins are told (the longest ordinary one), or 0 when not held. */
export function heldFor(services: Pick<Services, 'throttle'>, user: Pick<UserRow, 'email_normalized'>): number {
  const key = accountThrottleKey(user.email_normalized);
  return services.throttle.isHeld(key) ? services.throttle.retryAfter([key]) : 0;
}

/** The answer a held account gets, as a password or a code on it would (RATE_LIMITED, locked). */
export function heldAccountError(retryAfter: number): AuthError {
  return new AuthError('RATE_LIMITED', { retryAfter, reason: 'locked' });
}
