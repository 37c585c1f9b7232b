// auth.confirmPasswordReset: a right `reset_password` code sets a new password. The code's
// consumption, the new hash, the end of every session and refresh token, the forgotten device
// trust and the audit entry are one commit: none happens without the others. Then it signs in like
// auth.login, second factor included: a code by email never stands in for the authenticator.
import type { DeviceInput } from '../../../shared/schemas.ts';
import type { SignInResult } from '../../../shared/types.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';
import { checkEmailCode, precheckEmailCode } from '../email/check-code.ts';
import { deviceSighting } from '../sessions/device-sighting.ts';
import { revokeSessions } from '../sessions/sessions.ts';
import { completeSignIn, type SignInRequest } from '../sessions/sign-in.ts';
import { accountThrottleKey } from '../security/sign-in-throttle.ts';
import { voidIssuedBeforeNewPassword } from './password-replaced.ts';
import { requireAcceptablePassword } from './new-password.ts';
import { notifyAccountChange } from './notices.ts';
import { findUserByEmail, findUserById, setPasswordHash, type UserRow } from './users.ts';

export interface ConfirmResetInput {
  email: string;
  code: string;
  newPassword: string;
  device?: DeviceInput | undefined;
}

export async function confirmPasswordReset(
  services: Services,
  input: ConfirmResetInput,
  request: RequestInfo,
): Promise<SignInResult> {
  const { db, clock, audit, events } = services;
  const sighting = deviceSighting(request, input.device);
  const existing = findUserByEmail(db, input.email);
  const codeInput = { email: input.email, purpose: 'reset_password' as const, code: input.code, request, sighting };
  // The policy first, before the code is looked at: a refused password leaves the code usable.
  // The policy sees only the typed email, so its verdict says nothing about the account. Then the
  // code, kept for now: a hash is spent only on a right code, so wrong codes cannot flood the
  // hasher that every sign-in shares (R8). The code is consumed with the new password below.
  requireAcceptablePassword(services, input.newPassword, { email: input.email });
  precheckEmailCode(services, { ...codeInput, userId: existing?.id });
  const hash = await services.hasher.hash(input.newPassword);

  const reset = (): { user: UserRow; revoked: string[] } | { refused: true } => {
    const user = findUserByEmail(db, input.email);
    if (!user || user.status !== 'active') return { refused: true };
    const now = clock.now();
    setPasswordHash(db, user.id, hash, now);
    voidIssuedBeforeNewPassword(db, user);
    const revoked = revokeSessions(db, { userId: user.id }, 'password_reset', now);
    audit.record({ type: 'password_reset', userId: user.id, details: { revokedSessions: revoked.length } }, request);
    return { user: findUserById(db, user.id)!, revoked };
  };
  const outcome = checkEmailCode(services, { ...codeInput, userId: existing?.id }, reset);
  if ('refused' in outcome) throw new AuthError('CODE_INVALID');

  const { user, revoked } = outcome;
  for (const sessionId of revoked) events.emit('account', { userId: user.id, kind: 'session.revoked', sessionId });
  await notifyAccountChange(services, user, 'password_reset', request);
  const signIn: SignInRequest = {
    user,
    sighting,
    amr: ['otp'],
    request,
    audit: [{ type: 'login_succeeded', userId: user.id, details: { method: 'password_reset' } }],
    // The reset mail named the device that asked, and the notice just sent says what happened.
    newDeviceNotice: false,
    // Only a finished sign-in ends the account's failure streak, not one still owing its second
    // factor (R42, R44).
    streakKeys: [accountThrottleKey(user.email_normalized)],
  };
  return completeSignIn(services, signIn);
}
