// Answering a code, for any purpose. Three limits stand in front of guessing (docs/security.md R13):
// each code dies after a few wrong answers; failures also count per email across codes (a new code
// does not refill the budget) and lock the email for a while, and count on the account's counter
// shared by every factor; every failure is logged by source so the captcha policy can step in.
// An answer when no live code exists guesses nothing: it is logged by source, never counted on the
// email or the account, so a stranger who knows only the address cannot lock its owner out (R44).
// Failure-path writes commit before the error is thrown (R64).
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import type { DeviceSighting } from '../sessions/devices.ts';
import { AuthError } from '../errors.ts';
import { normalizeEmail } from '../accounts/users.ts';
import { accountThrottleRule } from '../security/sign-in-throttle.ts';
import { codeSource, emailCodeThrottleKey, lastSentAt, recordCodeEvent } from './code-events.ts';
import { consumeCode, type CodePurpose } from './codes.ts';
import { voidLink } from '../magic-link/links.ts';

export interface CheckCodeInput {
  email: string;
  purpose: CodePurpose;
  code: string;
  request: RequestInfo;
  sighting: DeviceSighting;
  /** The account, when there is one (for the audit log). */
  userId?: number | undefined;
}

/**
 * Consumes the code if right and runs `onValid` in the same transaction (so what the code unlocks
 * commits with its consumption, in one write); otherwise records the failure and throws the
 * contract error. `onValid` reports business outcomes as values: a throw would roll back.
 */
export function checkEmailCode<T = void>(services: Services, input: CheckCodeInput, onValid?: () => T): T {
  return answerCode(services, input, { keep: false, onValid });
}

/**
 * Checks the code as checkEmailCode does (a wrong one counts and throws), but a right one is kept:
 * for work too slow to hold a transaction (a password hash), done only once the code is known right
 * and followed by checkEmailCode, which consumes it.
 */
export function precheckEmailCode(services: Services, input: CheckCodeInput): void {
  answerCode(services, input, { keep: true });
}

function answerCode<T>(
  services: Services,
  input: CheckCodeInput,
  { keep, onValid }: { keep: boolean; onValid?: (() => T) | undefined },
): T {
  const { db, clock, config, throttle, audit } = services;
  const emailNormalized = normalizeEmail(input.email);
  const key = emailCodeThrottleKey(emailNormalized);
  const source = codeSource(input.request, input.sighting);
  const now = clock.now();
  const base = { userId: input.userId, deviceId: source.deviceId };

  const { maxAttemptsPerCode, failureBudget, resendCooldownSeconds } = config.email;
  const result = db
    .transaction(() => {
      const lockedFor = throttle.retryAfter([key]);
      if (lockedFor > 0) {
        audit.record(
          { ...base, type: 'email_code_throttled', details: { purpose: input.purpose, reason: 'locked' } },
          input.request,
        );
        return { check: 'locked' as const, lockedFor, value: undefined };
      }
      const check = consumeCode(services, {
        emailNormalized,
        purpose: input.purpose,
        code: input.code,
        now,
        maxAttempts: maxAttemptsPerCode,
        keep,
      });
      if (check === 'ok' && keep) return { check, lockedFor: 0, value: undefined };
      if (check === 'ok') {
        throttle.clearFailures([key]);
        // The sign-in code and the magic link of one mail are one sign-in: the code uses up the link.
        if (input.purpose === 'login') voidLink(db, emailNormalized);
        audit.record({ ...base, type: 'email_code_verified', details: { purpose: input.purpose } }, input.request);
        return { check, lockedFor: 0, value: onValid?.() as T };
      }
      recordCodeEvent(db, { kind: 'failed', emailNormalized, source, at: now });
      audit.record(
        { ...base, type: 'email_code_failed', details: { purpose: input.purpose, reason: check } },
        input.request,
      );
      // Only an answer compared with a live code is a guess.
      if (check === 'missing' || check === 'expired' || check === 'spent')
        return { check, lockedFor: 0, value: undefined };
      const locked = throttle.recordFailure([{ key, threshold: failureBudget }]);
      if (locked > 0) audit.record({ ...base, type: 'email_code_locked', details: { seconds: locked } }, input.request);
      // Also on the account's counter shared by every factor (R42). It gates password sign-in, not
      // this: a code by email stays the way back in while passwords are locked (R44).
      throttle.recordFailure([accountThrottleRule(services, emailNormalized, false)]);
      return { check, lockedFor: locked, value: undefined };
    })
    .immediate();

  if (result.check === 'ok') return result.value as T;
  if (result.check === 'locked')
    throw new AuthError('RATE_LIMITED', { retryAfter: result.lockedFor, reason: 'locked' });
  if (result.check === 'dead' || result.check === 'spent') {
    // The code is used up: say when a new one can be asked for.
    const last = lastSentAt(db, emailNormalized, now);
    const cooldownLeft = last === undefined ? 0 : Math.ceil((last + resendCooldownSeconds * 1000 - now) / 1000);
    throw new AuthError('TOO_MANY_ATTEMPTS', { retryAfter: Math.max(0, cooldownLeft, result.lockedFor) });
  }
  throw new AuthError('CODE_INVALID');
}
