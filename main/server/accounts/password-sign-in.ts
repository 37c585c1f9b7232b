// auth.login with email and password (DESIGN.md §5.1, SECURITY.md R7, R41–R43). Every path costs
// one password derivation, and every failure answers INVALID_CREDENTIALS unless the server was
// configured to reveal account state for local testing.
import type { SignInResult } from '../../../shared/types.ts';
import type { DeviceInput } from '../../../shared/schemas.ts';
import type { ErrorCode } from '../../../shared/errors.ts';
import type { RequestInfo } from '../api/context.ts';
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';
import { deviceSighting } from '../sessions/device-sighting.ts';
import { completeSignIn } from '../sessions/sign-in.ts';
import { signInThrottleRules } from '../security/sign-in-throttle.ts';
import { findUserByEmail, normalizeEmail, setPasswordHash, type UserRow } from './users.ts';

export async function passwordSignIn(
  services: Services,
  input: { email: string; password: string; totpCode?: string | undefined; device?: DeviceInput | undefined },
  request: RequestInfo,
): Promise<SignInResult> {
  const { db, clock, throttle, audit, hasher } = services;
  const sighting = deviceSighting(request, input.device);
  const rules = signInThrottleRules(services, normalizeEmail(input.email), request, sighting.id);
  const retryAfter = throttle.retryAfter(rules.map((rule) => rule.key));
  if (retryAfter > 0) {
    audit.record({ type: 'login_throttled', details: { retryAfter } }, request);
    throw new AuthError('RATE_LIMITED', { retryAfter });
  }

  const user = findUserByEmail(db, input.email);
  const { ok, needsRehash } = await hasher.verify(input.password, user?.password_hash ?? null);
  const failure = failureOf(user, ok);
  if (failure) {
    const lockedFor = throttle.recordFailure(rules);
    audit.record({ type: 'login_failed', userId: user?.id, details: { reason: failure, method: 'password' } }, request);
    if (lockedFor > 0)
      audit.record({ type: 'login_locked', userId: user?.id, details: { seconds: lockedFor } }, request);
    throw new AuthError(services.config.revealAccountState ? failure : 'INVALID_CREDENTIALS');
  }
  const account = user!;
  throttle.reset(rules.filter((rule) => !rule.key.startsWith('ip:')).map((rule) => rule.key));
  if (needsRehash) {
    // The stored hash used older parameters; now that we hold the password, upgrade it (R5).
    const upgraded = await hasher.hash(input.password);
    db.transaction(() => {
      setPasswordHash(db, account.id, upgraded, clock.now());
      audit.record({ type: 'password_rehashed', userId: account.id }, request);
    }).immediate();
  }
  return completeSignIn(services, {
    user: account,
    sighting,
    amr: ['pwd'],
    request,
    totpCode: input.totpCode,
    audit: [{ type: 'login_succeeded', userId: account.id, details: { method: 'password' } }],
  });
}

/** The explicit reason a sign-in failed (only ever shown with revealAccountState). */
function failureOf(user: UserRow | undefined, passwordOk: boolean): ErrorCode | undefined {
  if (!user) return 'USER_NOT_FOUND';
  if (user.password_hash === null) return 'NO_PASSWORD_SET';
  if (!passwordOk) return 'INVALID_PASSWORD';
  if (user.status !== 'active') return 'USER_INACTIVE';
  return undefined;
}
