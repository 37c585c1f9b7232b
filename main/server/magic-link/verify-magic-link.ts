// auth.verifyMagicLink: a live link signs in like a right email code (amr `otp`), through the same
// account admission (auto-registration honours `registration.open`) and the same second-factor
// gate: a link never skips TOTP. Using the link voids the code of the same mail. The link's use,
// the account and (without a second factor) the session are one commit.
import type { DeviceInput } from '../../../shared/schemas.ts';
import type { SignInResult } from '../../../shared/types.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import type { UserRow } from '../accounts/users.ts';
import { AuthError } from '../errors.ts';
import { emailCodeThrottleKey } from '../email/code-events.ts';
import { voidCode } from '../email/codes.ts';
import { admitAccount } from '../email/email-sign-in.ts';
import { heldAccountError, heldFor } from '../security/account-hold.ts';
import { accountThrottleKey } from '../security/sign-in-throttle.ts';
import { deviceSighting } from '../sessions/device-sighting.ts';
import { finishFirstStep, writeFirstStep, type SignInRequest } from '../sessions/sign-in.ts';
import { voidLink } from './links.ts';
import { linkRefusal, openLink } from './open-link.ts';

export async function verifyMagicLink(
  services: Services,
  input: { token: string; device?: DeviceInput | undefined },
  request: RequestInfo,
): Promise<SignInResult> {
  const { db, audit, throttle, config } = services;
  const sighting = deviceSighting(request, input.device);
  const signIn = (user: UserRow): SignInRequest => ({
    user,
    sighting,
    amr: ['otp'],
    request,
    audit: [{ type: 'login_succeeded', userId: user.id, details: { method: 'magic_link' } }],
    // The mail that carried the link already named the device that asked for it.
    newDeviceNotice: false,
    // A finished sign-in ends the account's failure streak (R41, R44).
    streakKeys: [accountThrottleKey(user.email_normalized)],
  });

  const outcome = db
    .transaction(() => {
      const lookup = openLink(services, { token: input.token, request, sighting, step: 'verify' });
      if (!('link' in lookup)) return { kind: 'lookup' as const, lookup };
      const { link } = lookup;
      voidLink(db, link.email_normalized);
      voidCode(services, link.email_normalized, 'login');
      throttle.clearFailures([emailCodeThrottleKey(link.email_normalized)]);
      const admission = admitAccount(services, { email: link.email, isDemo: false, request, sighting });
      if ('refused' in admission) {
        audit.record(
          { type: 'magic_link_refused', deviceId: sighting.id, details: { step: 'verify', reason: admission.refused } },
          request,
        );
        return { kind: 'refused' as const, refused: admission.refused };
      }
      const { user } = admission;
      const heldWait = heldFor(services, user);
      if (heldWait > 0) {
        // Reported since the link was mailed: the link is spent, and signs no one in.
        audit.record(
          {
            type: 'magic_link_refused',
            userId: user.id,
            deviceId: sighting.id,
            details: { step: 'verify', reason: 'held' },
          },
          request,
        );
        return { kind: 'held' as const, retryAfter: heldWait };
      }
      audit.record({ type: 'magic_link_verified', userId: user.id, deviceId: sighting.id }, request);
      return { kind: 'admitted' as const, user, step: writeFirstStep(services, signIn(user)) };
    })
    .immediate();

  if (outcome.kind === 'lookup') throw linkRefusal(outcome.lookup);
  if (outcome.kind === 'held') throw heldAccountError(outcome.retryAfter);
  if (outcome.kind === 'refused') throw new AuthError(config.revealAccountState ? outcome.refused : 'CODE_INVALID');
  return finishFirstStep(services, signIn(outcome.user), outcome.step);
}
