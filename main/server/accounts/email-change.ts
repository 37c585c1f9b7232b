// account.requestEmailChange and account.confirmEmailChange (docs/security.md R75). A change is
// asked for from a recent sign-in; a 6-digit code goes to the new address and a notice (with a
// "this was not me" link) to the old one. One change is pending per user, its code kept only as an
// HMAC bound to the user and the new address: a new request voids it, a right answer consumes it,
// it dies after `email.maxAttemptsPerCode` wrong answers or `email.codeTtlSeconds`, and wrong answers
// also count on a per-user budget a new code does not refill. Sends share each address's budget
// with every other code (cooldown, hourly caps, lock).
//
// A new address that already has an account is not revealed: the answer and the steps are the
// same, but that address gets a note instead of a code and the pending change can never be
// confirmed (the requester only ever sees CODE_INVALID). A 409 would tell whoever holds a stolen
// session which addresses have accounts; the address's owner learns of the attempt from the note.
import { randomBytes } from 'node:crypto';
import type { EmailChanged, EmailChangeRequested } from '../../../shared/types.ts';
import { fieldMessage } from '../../../shared/validation-messages.ts';
import type { AuthedContext } from '../call.ts';
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';
import { constantTimeEqual, randomDigits } from '../crypto/random.ts';
import { stmt } from '../db/statements.ts';
import { codeSource, lastSentAt, recordCodeEvent } from '../email/code-events.ts';
import { keyedHash } from '../email/code-key.ts';
import { codeMail } from '../email/messages.ts';
import { noticeLocale } from '../email/security-notice.ts';
import { refusedSend, sendRefusal } from '../email/send-code.ts';
import { deviceSighting } from '../sessions/device-sighting.ts';
import { issueReportToken } from './email-change-report.ts';
import { mailAddressTaken, notifyEmailChange } from './email-change-notices.ts';
import { deletePendingEmailChange } from './pending-email-change.ts';
import { requireRecentAuth } from './manage.ts';
import { findUserByEmail, findUserById, normalizeEmail, setUserEmail, type UserRow } from './users.ts';

interface PendingRow {
  new_email: string;
  new_email_normalized: string;
  code_hash: Buffer;
  attempts: number;
  expires_at: number;
}

/** The per-user counter of wrong answers, across codes. */
export const emailChangeThrottleKey = (userId: number): string => `email-change:${userId}`;

const hashCode = (services: Services, userId: number, newEmailNormalized: string, code: string): Buffer =>
  keyedHash(services, 'email-change', String(userId), newEmailNormalized, code);

export async function requestEmailChange(ctx: AuthedContext, newEmail: string): Promise<EmailChangeRequested> {
  const { services, auth, request } = ctx;
  requireRecentAuth(ctx);
  const { db, clock, config, audit, mail } = services;
  if (!mail) throw new AuthError('EMAIL_NOT_CONFIGURED');
  const user = auth.user;
  const email = newEmail.trim();
  const emailNormalized = normalizeEmail(email);
  if (emailNormalized === user.email_normalized)
    throw new AuthError('VALIDATION_ERROR', { details: { newEmail: fieldMessage('same_email', request.locale) } });

  const sighting = deviceSighting(request, undefined);
  const source = codeSource(request, sighting);
  const now = clock.now();
  const { codeTtlSeconds, resendCooldownSeconds } = config.email;
  const locale = noticeLocale(user, request);
  const outcome = db
    .transaction(() => {
      const refusal = sendRefusal(services, emailNormalized, source, now);
      if (refusal) return refusal;
      recordCodeEvent(db, { kind: 'sent', emailNormalized, source, at: now });
      const taken = findUserByEmail(db, email) !== undefined;
      const code = randomDigits(6);
      // A taken address gets a stored change that no answer matches: what follows looks the same.
      const codeHash = taken ? randomBytes(32) : hashCode(services, user.id, emailNormalized, code);
      stmt(
        db,
        `INSERT INTO email_changes (user_id, new_email, new_email_normalized, code_hash, attempts, created_at, expires_at)
         VALUES (?, ?, ?, ?, 0, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET new_email = excluded.new_email,
           new_email_normalized = excluded.new_email_normalized, code_hash = excluded.code_hash, attempts = 0,
           created_at = excluded.created_at, expires_at = excluded.expires_at`,
      ).run(user.id, email, emailNormalized, codeHash, now, now + codeTtlSeconds * 1000);
      const reportToken = issueReportToken(services, user.id, now);
      audit.record(
        {
          type: 'email_change_requested',
          userId: user.id,
          sessionId: auth.session.id,
          details: { addressTaken: taken, transport: mail.transport },
        },
        request,
      );
      if (taken) {
        mailAddressTaken(services, email, locale);
      } else {
        const content = codeMail({
          purpose: 'change_email',
          locale,
          appName: config.appName,
          code,
          ttlSeconds: codeTtlSeconds,
          origin: { deviceName: sighting.name, platform: sighting.platform, ipAddress: source.ipAddress },
        });
        mail.send({ to: email, ...content, code, purpose: 'change_email', userId: auth.user.id });
      }
      return { reportToken };
    })
    .immediate();
  if ('refused' in outcome)
    throw refusedSend(services, { emailNormalized, source, now, purpose: 'change_email', request }, outcome);

  await notifyEmailChange(services, user, 'email_change_requested', { newEmail: email, ...outcome }, request);
  return { newEmail: email, expiresIn: codeTtlSeconds, resendAfter: resendCooldownSeconds };
}

type Confirmed =
  | { check: 'ok'; before: UserRow; newEmail: string; reportToken: string }
  | { check: 'locked' | 'missing' | 'expired' | 'wrong' | 'dead' | 'conflict'; lockedFor: number; sentTo?: string };

export async function confirmEmailChange(ctx: AuthedContext, code: string): Promise<EmailChanged> {
  const { services, auth, request } = ctx;
  const { db, clock, config, throttle, audit, events } = services;
  const userId = auth.user.id;
  const key = emailChangeThrottleKey(userId);
  const now = clock.now();
  const { maxAttemptsPerCode, failureBudget, resendCooldownSeconds } = config.email;
  const base = { userId, sessionId: auth.session.id };

  const result = db
    .transaction((): Confirmed => {
      const lockedFor = throttle.retryAfter([key]);
      if (lockedFor > 0) return { check: 'locked', lockedFor };
      const row = stmt(
        db,
        'SELECT new_email, new_email_normalized, code_hash, attempts, expires_at FROM email_changes WHERE user_id = ?',
      ).get(userId) as PendingRow | undefined;
      const check = !row
        ? 'missing'
        : now >= row.expires_at
          ? 'expired'
          : row.attempts >= maxAttemptsPerCode
            ? 'dead'
            : constantTimeEqual(hashCode(services, userId, row.new_email_normalized, code), row.code_hash)
              ? 'ok'
              : 'wrong';
      if (check === 'ok') {
        const pending = row!;
        deletePendingEmailChange(db, userId);
        throttle.clearFailures([key]);
        const holder = findUserByEmail(db, pending.new_email);
        if (holder && holder.id !== userId) {
          audit.record({ ...base, type: 'email_change_conflict' }, request);
          return { check: 'conflict', lockedFor: 0 };
        }
        const before = findUserById(db, userId)!;
        setUserEmail(db, before, pending.new_email, now, now);
        const reportToken = issueReportToken(services, userId, now);
        audit.record({ ...base, type: 'email_changed' }, request);
        return { check: 'ok', before, newEmail: pending.new_email, reportToken };
      }
      if (check === 'wrong') stmt(db, 'UPDATE email_changes SET attempts = attempts + 1 WHERE user_id = ?').run(userId);
      audit.record({ ...base, type: 'email_change_failed', details: { reason: check } }, request);
      const locked = throttle.recordFailure([{ key, threshold: failureBudget }]);
      const spent = check === 'dead' || (check === 'wrong' && row!.attempts + 1 >= maxAttemptsPerCode);
      return { check: spent ? 'dead' : check, lockedFor: locked, sentTo: row?.new_email_normalized };
    })
    .immediate();

  if (result.check !== 'ok') throw failure(result, now, services, resendCooldownSeconds);
  events.emit('account', { userId, kind: 'user.updated' });
  await notifyEmailChange(
    services,
    result.before,
    'email_changed',
    { newEmail: result.newEmail, reportToken: result.reportToken },
    request,
  );
  return { email: result.newEmail, emailVerified: true };
}

function failure(
  result: Exclude<Confirmed, { check: 'ok' }>,
  now: number,
  services: Services,
  cooldownSeconds: number,
): AuthError {
  switch (result.check) {
    case 'conflict':
      return new AuthError('CONFLICT');
    case 'locked':
      return new AuthError('RATE_LIMITED', { retryAfter: result.lockedFor, reason: 'locked' });
    case 'dead': {
      // Used up: say when a new code can be asked for.
      const last = result.sentTo === undefined ? undefined : lastSentAt(services.db, result.sentTo, now);
      const cooldownLeft = last === undefined ? 0 : Math.ceil((last + cooldownSeconds * 1000 - now) / 1000);
      return new AuthError('TOO_MANY_ATTEMPTS', { retryAfter: Math.max(0, cooldownLeft, result.lockedFor) });
    }
    default:
      return new AuthError('CODE_INVALID');
  }
}
