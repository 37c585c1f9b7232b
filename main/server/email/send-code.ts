// Issuing a code for any purpose (login now; email verification and password reset reuse it):
// the limits, the hashed code and the mail, in one transaction. Unknown and inactive accounts go
// through exactly the same steps and limits, minus the mail, so the answer reveals nothing.
import type { Locale } from '../../../shared/errors.ts';
import type { EmailCodeSent } from '../../../shared/types.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import type { DeviceSighting } from '../sessions/devices.ts';
import { AuthError } from '../errors.ts';
import { normalizeEmail } from '../accounts/users.ts';
import {
  codeSource,
  emailCodeThrottleKey,
  hourlyCapWait,
  lastSentAt,
  recordCodeEvent,
  type CodeSource,
} from './code-events.ts';
import { storeCode, type CodePurpose } from './codes.ts';
import { codeMail, magicLinkMail } from './messages.ts';
import { voidLink } from '../magic-link/links.ts';

export interface SendCodeInput {
  /** As the caller typed it (trimmed); mail goes here. */
  email: string;
  purpose: CodePurpose;
  request: RequestInfo;
  sighting: DeviceSighting;
  /** The account, when there is one (for the audit log). */
  userId?: number | undefined;
  /** Who receives the mail; undefined stores a code that nobody is told (unknown or inactive). */
  recipient?: { locale: Locale } | undefined;
  /**
   * A magic link in the same mail as the code (auth.requestMagicLink): `issue` stores it in the
   * same transaction and answers its URL. The two are one sign-in: using either voids both.
   */
  link?: { ttlSeconds: number; issue(now: number): string } | undefined;
}

export type Refusal = 'locked' | 'cooldown' | 'email_cap' | 'address_cap';

/**
 * Inside the sending transaction: why no code may go to this address now (and for how long), or
 * undefined. One budget per address for every kind of code, email changes included.
 */
export function sendRefusal(
  services: Services,
  emailNormalized: string,
  source: CodeSource,
  now: number,
): { refused: Refusal; waitMs: number } | undefined {
  const { db, config, throttle } = services;
  const limits = config.email;
  // A locked email gets no new code: it could not be used before the lock ends anyway.
  const lockedFor = throttle.retryAfter([emailCodeThrottleKey(emailNormalized)]);
  if (lockedFor > 0) return { refused: 'locked', waitMs: lockedFor * 1000 };
  const last = lastSentAt(db, emailNormalized, now);
  const cooldownMs = limits.resendCooldownSeconds * 1000;
  if (last !== undefined && now - last < cooldownMs) return { refused: 'cooldown', waitMs: last + cooldownMs - now };
  const emailWait = hourlyCapWait(db, 'email_normalized', emailNormalized, limits.maxSendsPerEmailPerHour, now);
  if (emailWait > 0) return { refused: 'email_cap', waitMs: emailWait };
  if (source.ipAddress && config.limits.perAddress) {
    const addressWait = hourlyCapWait(db, 'ip_address', source.ipAddress, limits.maxSendsPerAddressPerHour, now);
    if (addressWait > 0) return { refused: 'address_cap', waitMs: addressWait };
  }
  return undefined;
}

/** Records a refused send (its own commit) and returns the RATE_LIMITED error to throw. */
export function refusedSend(
  services: Services,
  input: {
    emailNormalized: string;
    source: CodeSource;
    now: number;
    purpose: string;
    request: RequestInfo;
    /** `magic_link` for a link request; `email_code` otherwise. */
    auditPrefix?: string | undefined;
  },
  refusal: { refused: Refusal; waitMs: number },
): AuthError {
  const retryAfter = Math.max(1, Math.ceil(refusal.waitMs / 1000));
  services.db
    .transaction(() => {
      recordCodeEvent(services.db, {
        kind: 'failed',
        emailNormalized: input.emailNormalized,
        source: input.source,
        at: input.now,
      });
      services.audit.record(
        {
          type: `${input.auditPrefix ?? 'email_code'}_throttled`,
          deviceId: input.source.deviceId,
          details: { purpose: input.purpose, reason: refusal.refused, retryAfter },
        },
        input.request,
      );
    })
    .immediate();
  return new AuthError('RATE_LIMITED', { retryAfter, reason: refusal.refused });
}

export function sendEmailCode(services: Services, input: SendCodeInput): EmailCodeSent {
  const { db, clock, config, audit, mail } = services;
  const limits = config.email;
  if (!mail) throw new AuthError('EMAIL_NOT_CONFIGURED');
  const emailNormalized = normalizeEmail(input.email);
  const source = codeSource(input.request, input.sighting);
  const now = clock.now();
  const auditPrefix = input.link ? 'magic_link' : 'email_code';

  const issue = db.transaction((): { refused: Refusal; waitMs: number } | { code: string } => {
    const refusal = sendRefusal(services, emailNormalized, source, now);
    if (refusal) return refusal;
    recordCodeEvent(db, { kind: 'sent', emailNormalized, source, at: now });
    // A new sign-in mail voids the link of the previous one (its code is replaced just below).
    if (input.purpose === 'login') voidLink(db, emailNormalized);
    const code = storeCode(services, {
      emailNormalized,
      purpose: input.purpose,
      now,
      ttlMs: limits.codeTtlSeconds * 1000,
    });
    const link = input.link?.issue(now);
    const { recipient } = input;
    if (recipient) {
      const origin = {
        deviceName: input.sighting.name,
        platform: input.sighting.platform,
        ipAddress: source.ipAddress,
      };
      const { locale } = recipient;
      const content = link
        ? magicLinkMail({
            locale,
            appName: config.appName,
            link,
            code,
            linkTtlSeconds: input.link!.ttlSeconds,
            codeTtlSeconds: limits.codeTtlSeconds,
            origin,
          })
        : codeMail({
            purpose: input.purpose,
            locale,
            appName: config.appName,
            code,
            ttlSeconds: limits.codeTtlSeconds,
            origin,
          });
      mail.send({
        to: input.email,
        ...content,
        code,
        purpose: link ? 'magic_link' : input.purpose,
        link: link ?? null,
      });
    }
    audit.record(
      {
        type: `${auditPrefix}_${recipient ? 'sent' : 'withheld'}`,
        userId: input.userId,
        deviceId: source.deviceId,
        details: { purpose: input.purpose, transport: recipient ? mail.transport : null },
      },
      input.request,
    );
    return { code };
  });
  const outcome = issue.immediate();

  if ('refused' in outcome)
    throw refusedSend(
      services,
      { emailNormalized, source, now, purpose: input.purpose, request: input.request, auditPrefix },
      outcome,
    );
  return { email: input.email, expiresIn: limits.codeTtlSeconds, resendAfter: limits.resendCooldownSeconds };
}
