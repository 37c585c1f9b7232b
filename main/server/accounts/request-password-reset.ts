// auth.requestPasswordReset and its admin twin: a `reset_password` code by email, through the same
// store, limits and captcha policy as sign-in codes (docs/security.md R9–R14), so the send budget
// and resend cooldown of an address are one. The answer does not say whether the email has an
// account: unknown, inactive and passwordless addresses take the same steps, minus the mail.
import type { EmailCodeSent, PasswordResetStarted } from '../../../shared/types.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';
import { deviceSighting } from '../sessions/device-sighting.ts';
import { admitRequest } from '../security/request-caps.ts';
import { storeCode } from '../email/codes.ts';
import { demoCodeFor } from '../email/demo-accounts.ts';
import { checkCaptcha, mailLocale, type RequestCodeInput } from '../email/request-login-code.ts';
import { sendEmailCode } from '../email/send-code.ts';
import { findUserById, findUserByEmail, type UserRow } from './users.ts';

/** Only an active account with a password is told; a shared demo account never is. */
const resettable = (services: Services, user: UserRow | undefined): boolean =>
  user !== undefined &&
  user.status === 'active' &&
  user.password_hash !== null &&
  demoCodeFor(services.config, user.email) === undefined;

export function requestPasswordReset(services: Services, input: RequestCodeInput, request: RequestInfo): EmailCodeSent {
  // The same request cap as sign-in codes: each call counts, whatever it answers.
  admitRequest(services, 'emailCode', request);
  if (!services.mail) throw new AuthError('EMAIL_NOT_CONFIGURED');
  const sighting = deviceSighting(request, input.device);
  checkCaptcha(services, input, request, sighting);

  const user = findUserByEmail(services.db, input.email);
  const deliver = resettable(services, user);
  if (!deliver && services.config.revealAccountState)
    throw new AuthError(!user ? 'USER_NOT_FOUND' : user.status !== 'active' ? 'USER_INACTIVE' : 'NO_PASSWORD_SET');
  return sendEmailCode(services, {
    email: input.email,
    purpose: 'reset_password',
    request,
    sighting,
    userId: user?.id,
    recipient: deliver ? { locale: mailLocale(user, sighting, request) } : undefined,
  });
}

/**
 * An admin starts the reset for a user: the code is mailed as if the user had asked, or, with
 * `print`, handed to the admin once (a kiosk with no mail), stored hashed like any other code.
 */
export function adminStartPasswordReset(
  services: Services,
  input: { userId: number; print: boolean; by: number | 'internal' },
  request: RequestInfo,
): PasswordResetStarted {
  const user = findUserById(services.db, input.userId);
  if (!user) throw new AuthError('NOT_FOUND');
  if (user.status !== 'active') throw new AuthError('USER_INACTIVE');
  const { codeTtlSeconds } = services.config.email;
  if (!input.print) {
    if (!services.mail) throw new AuthError('EMAIL_NOT_CONFIGURED');
    const sighting = deviceSighting(request, undefined);
    sendEmailCode(services, {
      email: user.email,
      purpose: 'reset_password',
      request,
      sighting,
      userId: user.id,
      recipient: { locale: mailLocale(user, sighting, request) },
    });
    services.audit.record(
      { type: 'password_reset_started', userId: user.id, details: { by: input.by, delivery: 'mail' } },
      request,
    );
    return { delivery: 'mail', email: user.email, expiresIn: codeTtlSeconds };
  }
  const code = services.db
    .transaction(() => {
      const now = services.clock.now();
      const issued = storeCode(services, {
        emailNormalized: user.email_normalized,
        purpose: 'reset_password',
        now,
        ttlMs: codeTtlSeconds * 1000,
      });
      services.audit.record(
        { type: 'password_reset_started', userId: user.id, details: { by: input.by, delivery: 'printed' } },
        request,
      );
      return issued;
    })
    .immediate();
  return { delivery: 'printed', email: user.email, expiresIn: codeTtlSeconds, code };
}
