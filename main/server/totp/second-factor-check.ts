// Checks a proof of a user's enrolled second factor — a TOTP code or a recovery code — wherever one
// is asked for: the sign-in challenge, an inline code on login, disabling, regenerating codes.
// One failure counter per user covers both kinds and every transport, lives in SQLite and locks
// second-factor entry after a few failures (docs/security.md R19, R20, R23); every failure also counts
// on the account's counter shared by all factors (R42).
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import type { UserRow } from '../accounts/users.ts';
import { AuthError } from '../errors.ts';
import { lockedBy, type Charge, type ThrottleRule } from '../security/throttle.ts';
import { accountThrottleKey, accountThrottleRule } from '../security/sign-in-throttle.ts';
import { acceptStep, findFactor, openSecret, type TotpFactorRow } from './factors.ts';
import { consumeRecoveryCode, remainingRecoveryCodes } from './recovery-codes.ts';
import { verifyTotpCode } from './totp-code.ts';
import { notifyUser } from './notify.ts';

export type SecondFactorMethod = 'totp' | 'recovery';

export interface SecondFactorProof {
  code?: string | undefined;
  recoveryCode?: string | undefined;
}

export interface CheckContext {
  request: RequestInfo;
  /** What the proof is for, for the audit log: sign_in, disable, regenerate, replace. */
  purpose: string;
  sessionId?: string | undefined;
}

export const secondFactorThrottleKey = (userId: number): string => `2fa:${userId}`;

/**
 * The counters one attempt is charged to: the factor's own (a fixed lock, 15 minutes by default,
 * once the threshold is reached), which gates entry; and the account's shared counter (R42), which
 * gates password sign-in but not this, so a password lockout cannot shut the second step too.
 */
function secondFactorRules(services: Services, user: UserRow): ThrottleRule[] {
  const { lockoutThreshold, lockoutSeconds } = services.config.totp;
  const factor: ThrottleRule = {
    key: secondFactorThrottleKey(user.id),
    threshold: lockoutThreshold,
    policy: {
      baseDelaySeconds: lockoutSeconds,
      maxDelaySeconds: lockoutSeconds,
      windowSeconds: Math.max(services.config.lockout.windowSeconds, lockoutSeconds),
    },
  };
  return [factor, accountThrottleRule(services, user.email_normalized, false)];
}

/**
 * Charges one attempt before the code is checked, atomically with the lock check, so parallel
 * guesses get no more checks than the threshold; throws RATE_LIMITED while entry is locked.
 */
export function beginSecondFactorAttempt(services: Services, user: UserRow, context: CheckContext): Charge {
  const charged = services.throttle.charge(secondFactorRules(services, user));
  if ('retryAfter' in charged) {
    const { retryAfter } = charged;
    services.audit.record(
      { type: 'second_factor_throttled', userId: user.id, sessionId: context.sessionId, details: { retryAfter } },
      context.request,
    );
    throw new AuthError('RATE_LIMITED', { retryAfter });
  }
  return charged.charge;
}

/** A wrong code: its charge stands. Audits it (and a lock it set) and returns the error to throw. */
export function secondFactorFailure(
  services: Services,
  user: UserRow,
  method: SecondFactorMethod,
  context: CheckContext,
  charge: Charge,
): AuthError {
  const { audit } = services;
  const { request, purpose, sessionId } = context;
  const lockedFor = lockedBy(charge, [secondFactorThrottleKey(user.id)]);
  audit.record({ type: 'second_factor_failed', userId: user.id, sessionId, details: { method, purpose } }, request);
  if (lockedFor > 0)
    audit.record({ type: 'second_factor_locked', userId: user.id, details: { seconds: lockedFor } }, request);
  return new AuthError('TOTP_INVALID', method === 'recovery' ? { reason: 'recovery_code_invalid' } : {});
}

/**
 * A right code clears the factor's counter and gives the account's charge back; when it is the
 * last step of a sign-in, the sign-in has succeeded and the account's streak ends too (R41).
 */
export function secondFactorSuccess(services: Services, user: UserRow, charge: Charge, purpose: string): void {
  services.throttle.refund(charge);
  const keys = [secondFactorThrottleKey(user.id)];
  if (purpose === 'sign_in') keys.push(accountThrottleKey(user.email_normalized));
  services.throttle.clearFailures(keys);
}

/** Runs the check of a charged attempt; a check that never ran (hash queue full) gives the charge back. */
export async function evaluated<T>(services: Services, charge: Charge, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    services.throttle.refund(charge);
    throw error;
  }
}

/** Checks a proof of the user's active factor; returns the method used, or throws. */
export async function checkSecondFactor(
  services: Services,
  user: UserRow,
  proof: SecondFactorProof,
  context: CheckContext,
): Promise<SecondFactorMethod> {
  const { audit } = services;
  const { request, purpose, sessionId } = context;
  const factor = findFactor(services.db, user.id, 'active');
  if (!factor) throw new AuthError('TOTP_INVALID');
  const charge = beginSecondFactorAttempt(services, user, context);
  const method: SecondFactorMethod = proof.recoveryCode !== undefined ? 'recovery' : 'totp';
  const ok = await evaluated(services, charge, () =>
    method === 'totp'
      ? acceptTotpCode(services, user, factor, proof.code ?? '', context)
      : consumeRecoveryCode(services.db, services.hasher, user.id, proof.recoveryCode!, services.clock.now()),
  );
  if (!ok) throw secondFactorFailure(services, user, method, context, charge);
  secondFactorSuccess(services, user, charge, purpose);
  audit.record({ type: 'second_factor_verified', userId: user.id, sessionId, details: { method, purpose } }, request);
  if (method === 'recovery') {
    const remaining = remainingRecoveryCodes(services.db, user.id);
    audit.record({ type: 'recovery_code_used', userId: user.id, sessionId, details: { purpose, remaining } }, request);
    await notifyUser(services, user, 'recovery_code_used', request);
  }
  return method;
}

/** A code is accepted once: its step must be newer than the last accepted, and is stored (R19). */
async function acceptTotpCode(
  services: Services,
  user: UserRow,
  factor: TotpFactorRow,
  code: string,
  context: CheckContext,
): Promise<boolean> {
  const secret = openSecret(services.secretBox, factor);
  try {
    const nowMs = services.clock.now();
    const step = await verifyTotpCode({ secret, code, nowMs, afterStep: factor.last_accepted_step });
    if (step !== undefined && acceptStep(services.db, factor.id, step)) return true;
    // Not accepted: say in the audit log whether it was a replay of an already used step.
    const replayed = step !== undefined || (await verifyTotpCode({ secret, code, nowMs })) !== undefined;
    if (replayed) {
      services.audit.record(
        { type: 'totp_replay', userId: user.id, sessionId: context.sessionId, details: { purpose: context.purpose } },
        context.request,
      );
    }
    return false;
  } finally {
    secret.fill(0);
  }
}
