// auth.verifyPasskey: signs in with a passkey assertion and answers what auth.login does.
// - On its own: a user-verified passkey is two factors in one (something you have, unlocked by
//   something you know or are), so it completes a two-step user's sign-in: amr `hwk` (or `swk` for
//   a synced, backup-eligible passkey) and `user`, aal 2. One that only tested presence (allowed
//   with `passkeys.userVerification: preferred`) is a first factor: the second-factor gate follows.
// - With `challengeToken` (or `challengeId`): the second factor of a sign-in that answered
//   `requires2fa`, counted on the same per-user second-factor lock as TOTP codes.
// Failures count on the source's sign-in counters (address, device) like any sign-in (R41).
import type * as z from 'zod';
import type { SignInResult } from '../../../shared/types.ts';
import type { verifyPasskeyInput } from '../../../shared/passkeys.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import { findUserById } from '../accounts/users.ts';
import { AuthError } from '../errors.ts';
import { accountThrottleKey, sourceThrottleRules } from '../security/sign-in-throttle.ts';
import { lockedBy } from '../security/throttle.ts';
import { heldAccountError, heldFor } from '../security/account-hold.ts';
import { deviceSighting } from '../sessions/device-sighting.ts';
import { completeSignIn, openSession } from '../sessions/sign-in.ts';
import { beginSecondFactorAttempt, secondFactorSuccess } from '../totp/second-factor-check.ts';
import { completeSecondFactor, openSecondFactorChallenge } from '../totp/verify-second-factor.ts';
import { checkAssertion } from './assertion.ts';
import { passkeyAmr } from './credentials.ts';
import { refusePasskey } from './refuse.ts';
import { requireRelyingParty } from './relying-party.ts';

type Input = z.output<typeof verifyPasskeyInput>;

export async function passkeySignIn(services: Services, input: Input, request: RequestInfo): Promise<SignInResult> {
  requireRelyingParty(services);
  const token = input.challengeToken ?? input.challengeId;
  if (token !== undefined) return passkeySecondFactor(services, input, token, request);
  const { throttle, audit, db } = services;
  const sighting = deviceSighting(request, input.device);
  const rules = sourceThrottleRules(services, request, sighting.id);
  const charged = throttle.charge(rules);
  if ('retryAfter' in charged) {
    audit.record({ type: 'login_throttled', details: { retryAfter: charged.retryAfter, method: 'passkey' } }, request);
    throw new AuthError('RATE_LIMITED', { retryAfter: charged.retryAfter });
  }
  const { charge } = charged;
  let checked;
  try {
    checked = await checkAssertion(services, input.response, { purpose: 'sign_in' }, request);
  } catch (error) {
    const lockedFor = lockedBy(charge);
    if (lockedFor > 0) audit.record({ type: 'login_locked', details: { seconds: lockedFor } }, request);
    throw error;
  }
  const { passkey, userVerified } = checked;
  const user = findUserById(db, passkey.user_id)!;
  if (user.status !== 'active')
    throw refusePasskey(services, request, { reason: 'user_inactive', purpose: 'sign_in', userId: user.id });
  throttle.refund(charge);
  const heldWait = heldFor(services, user);
  if (heldWait > 0) {
    // Reported (a hijacker may have added this passkey): no session until an admin unlock.
    audit.record(
      { type: 'passkey_refused', userId: user.id, details: { reason: 'held', purpose: 'sign_in' } },
      request,
    );
    throw heldAccountError(heldWait);
  }
  const method = passkeyAmr(passkey);
  const entries = [
    { type: 'passkey_signed_in', userId: user.id, details: { passkey: passkey.public_id, userVerified } },
    { type: 'login_succeeded', userId: user.id, details: { method: 'passkey' } },
  ];
  const streakKeys = [accountThrottleKey(user.email_normalized)];
  return userVerified
    ? openSession(services, {
        user,
        device: { sighting },
        amr: [method, 'user'],
        aal: 2,
        request,
        audit: entries,
        streakKeys,
      })
    : completeSignIn(services, { user, sighting, amr: [method], request, audit: entries, streakKeys });
}

async function passkeySecondFactor(
  services: Services,
  input: Input,
  token: string,
  request: RequestInfo,
): Promise<SignInResult> {
  const opened = openSecondFactorChallenge(services, token, input.device, request);
  const { user } = opened;
  const context = { request, purpose: 'sign_in' };
  const charge = beginSecondFactorAttempt(services, user, context);
  let checked;
  try {
    checked = await checkAssertion(
      services,
      input.response,
      { purpose: 'second_factor', secondFactorToken: token },
      request,
    );
  } catch (error) {
    services.audit.record(
      { type: 'second_factor_failed', userId: user.id, details: { method: 'passkey', purpose: 'sign_in' } },
      request,
    );
    throw error;
  }
  secondFactorSuccess(services, user, charge, 'sign_in');
  services.audit.record(
    {
      type: 'second_factor_verified',
      userId: user.id,
      details: { method: 'passkey', purpose: 'sign_in', passkey: checked.passkey.public_id },
    },
    request,
  );
  return completeSecondFactor(
    services,
    opened,
    { amr: passkeyAmr(checked.passkey), method: 'passkey', trustDevice: input.trustDevice },
    request,
  );
}
