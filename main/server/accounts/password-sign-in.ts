// auth.login with email and password (docs/security.md R7, R41–R43). Every path costs
// one password derivation, and every failure answers INVALID_CREDENTIALS unless the server was
// configured to reveal account state for local testing.
import type { SignInResult } from '../../../shared/types.ts';
import type { DeviceInput } from '../../../shared/schemas.ts';
import type { ErrorCode } from '../../../shared/errors.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';
import { deviceSighting } from '../sessions/device-sighting.ts';
import { completeSignIn, finishFirstStep, writeFirstStep, type SignInRequest } from '../sessions/sign-in.ts';
import { signInThrottleRules } from '../security/sign-in-throttle.ts';
import { lockedBy } from '../security/throttle.ts';
import { findUserByEmail, normalizeEmail, replacePasswordHash, type UserRow } from './users.ts';

export async function passwordSignIn(
  services: Services,
  input: { email: string; password: string; totpCode?: string | undefined; device?: DeviceInput | undefined },
  request: RequestInfo,
): Promise<SignInResult> {
  const { db, throttle, audit, hasher } = services;
  const sighting = deviceSighting(request, input.device);
  const rules = signInThrottleRules(services, normalizeEmail(input.email), request, sighting.id);
  // Charged before the hash, atomically with the lock check: a burst of parallel guesses gets
  // no more evaluations than the threshold allows (docs/security.md R41).
  const charged = throttle.charge(rules);
  if ('retryAfter' in charged) {
    audit.record({ type: 'login_throttled', details: { retryAfter: charged.retryAfter } }, request);
    throw new AuthError('RATE_LIMITED', { retryAfter: charged.retryAfter });
  }
  const { charge } = charged;

  const user = findUserByEmail(db, input.email);
  const { ok, needsRehash } = await hasher.verify(input.password, user?.password_hash ?? null).catch((error) => {
    throttle.refund(charge); // never evaluated (the hash queue was full)
    throw error;
  });
  const failure = failureOf(user, ok);
  if (failure) {
    const lockedFor = lockedBy(charge);
    audit.record({ type: 'login_failed', userId: user?.id, details: { reason: failure, method: 'password' } }, request);
    if (lockedFor > 0)
      audit.record({ type: 'login_locked', userId: user?.id, details: { seconds: lockedFor } }, request);
    throw new AuthError(services.config.revealAccountState ? failure : 'INVALID_CREDENTIALS');
  }
  const account = user!;
  const signIn: SignInRequest = {
    user: account,
    sighting,
    amr: ['pwd'],
    request,
    totpCode: input.totpCode,
    audit: [{ type: 'login_succeeded', userId: account.id, details: { method: 'password' } }],
    // The account's and the device's streaks, not the address's: one person's success there says
    // nothing about the others behind it.
    streakKeys: rules.filter((rule) => !rule.key.startsWith('ip:')).map((rule) => rule.key),
    passwordHash: account.password_hash!,
  };
  if (needsRehash) {
    throttle.refund(charge);
    const upgraded = await rehash(services, account, input.password, request);
    return completeSignIn(services, { ...signIn, passwordHash: upgraded ?? signIn.passwordHash });
  }
  // The charge given back and the session (or a second factor's first step): one commit.
  const step = db
    .transaction(() => {
      throttle.refund(charge);
      return writeFirstStep(services, signIn);
    })
    .immediate();
  return finishFirstStep(services, signIn, step);
}

/**
 * The stored hash used older parameters; now that we hold the password, upgrade it (R5), unless
 * the hasher is too busy right now: then the next sign-in will. Returns the new stored hash, or
 * undefined when none was written: also when the password was replaced during the hash, which the
 * upgrade must never undo.
 */
async function rehash(
  services: Services,
  account: UserRow,
  password: string,
  request: RequestInfo,
): Promise<string | undefined> {
  const { db, clock, audit, hasher } = services;
  const upgraded = await hasher.hash(password).catch((error: unknown) => {
    if (error instanceof AuthError && error.errorCode === 'RATE_LIMITED') return undefined;
    throw error;
  });
  if (!upgraded) return undefined;
  return db
    .transaction(() => {
      if (!replacePasswordHash(db, account.id, { from: account.password_hash!, to: upgraded }, clock.now()))
        return undefined;
      audit.record({ type: 'password_rehashed', userId: account.id }, request);
      return upgraded;
    })
    .immediate();
}

/** The explicit reason a sign-in failed (only ever shown with revealAccountState). */
function failureOf(user: UserRow | undefined, passwordOk: boolean): ErrorCode | undefined {
  if (!user) return 'USER_NOT_FOUND';
  if (user.password_hash === null) return 'NO_PASSWORD_SET';
  if (!passwordOk) return 'INVALID_PASSWORD';
  if (user.status !== 'active') return 'USER_INACTIVE';
  return undefined;
}
