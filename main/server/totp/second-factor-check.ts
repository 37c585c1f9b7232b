// Checks a proof of a user's enrolled second factor — a TOTP code or a recovery code — wherever one
// is asked for: the sign-in challenge, an inline code on login, disabling, regenerating codes.
// One failure counter per user covers both kinds and every transport, lives in SQLite and locks
// second-factor entry after a few failures (SECURITY.md R19, R20, R23).
import type { RequestInfo } from '../api/context.ts';
import type { Services } from '../services.ts';
import type { UserRow } from '../accounts/users.ts';
import { AuthError } from '../errors.ts';
import { Throttle } from '../security/throttle.ts';
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

const throttles = new WeakMap<Services, Throttle>();

/** A fixed lock (15 minutes by default) once the threshold is reached, not the sign-in back-off. */
function lockout(services: Services): Throttle {
  let throttle = throttles.get(services);
  if (!throttle) {
    const { lockoutSeconds } = services.config.totp;
    throttle = new Throttle(services.db, services.clock, {
      baseDelaySeconds: lockoutSeconds,
      maxDelaySeconds: lockoutSeconds,
      windowSeconds: Math.max(services.config.lockout.windowSeconds, lockoutSeconds),
    });
    throttles.set(services, throttle);
  }
  return throttle;
}

/** Throws RATE_LIMITED while the user's second-factor entry is locked. */
export function assertNotLocked(services: Services, user: UserRow, context: CheckContext): void {
  const retryAfter = lockout(services).retryAfter([secondFactorThrottleKey(user.id)]);
  if (retryAfter > 0) {
    services.audit.record(
      { type: 'second_factor_throttled', userId: user.id, sessionId: context.sessionId, details: { retryAfter } },
      context.request,
    );
    throw new AuthError('RATE_LIMITED', { retryAfter });
  }
}

/** Counts a wrong code (committed on its own, before any error is thrown) and returns the error. */
export function secondFactorFailure(
  services: Services,
  user: UserRow,
  method: SecondFactorMethod,
  context: CheckContext,
): AuthError {
  const { audit } = services;
  const { request, purpose, sessionId } = context;
  const threshold = services.config.totp.lockoutThreshold;
  const lockedFor = lockout(services).recordFailure([{ key: secondFactorThrottleKey(user.id), threshold }]);
  audit.record({ type: 'second_factor_failed', userId: user.id, sessionId, details: { method, purpose } }, request);
  if (lockedFor > 0)
    audit.record({ type: 'second_factor_locked', userId: user.id, details: { seconds: lockedFor } }, request);
  return new AuthError('TOTP_INVALID', method === 'recovery' ? { reason: 'recovery_code_invalid' } : {});
}

export function secondFactorSuccess(services: Services, user: UserRow): void {
  lockout(services).reset([secondFactorThrottleKey(user.id)]);
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
  assertNotLocked(services, user, context);
  const factor = findFactor(services.db, user.id, 'active');
  if (!factor) throw new AuthError('TOTP_INVALID');
  const method: SecondFactorMethod = proof.recoveryCode !== undefined ? 'recovery' : 'totp';
  const ok =
    method === 'totp'
      ? await acceptTotpCode(services, user, factor, proof.code ?? '', context)
      : await consumeRecoveryCode(services.db, services.hasher, user.id, proof.recoveryCode!, services.clock.now());
  if (!ok) throw secondFactorFailure(services, user, method, context);
  secondFactorSuccess(services, user);
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

/** For admin unlock (UNLOCK_KEYS): the key this feature's counter lives under. */
export const secondFactorUnlockKey = (user: UserRow): string => secondFactorThrottleKey(user.id);
