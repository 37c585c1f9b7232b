// auth.requestEmailCode: a sign-in code by email (docs/security.md, email codes). The
// answer is the same whether or not the email has an account; only the mail differs.
import { pickLocale, type Locale } from '../../../shared/errors.ts';
import type { DeviceInput } from '../../../shared/schemas.ts';
import type { EmailCodeSent } from '../../../shared/types.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import type { DeviceSighting } from '../sessions/devices.ts';
import { AuthError } from '../errors.ts';
import { findUserByEmail, normalizeEmail, type UserRow } from '../accounts/users.ts';
import { deviceSighting } from '../sessions/device-sighting.ts';
import { codeSource, recordCodeEvent } from './code-events.ts';
import { captchaRequired, redeemCaptcha } from './captcha.ts';
import { demoCodeFor } from './demo-accounts.ts';
import { sendEmailCode } from './send-code.ts';
import { createsAccounts } from './config.ts';
import { admitRequest } from '../security/request-caps.ts';

export interface RequestCodeInput {
  email: string;
  captchaId?: string | undefined;
  captchaAnswer?: string | undefined;
  device?: DeviceInput | undefined;
}

export function requestLoginCode(services: Services, input: RequestCodeInput, request: RequestInfo): EmailCodeSent {
  const { config, db } = services;
  const { codeTtlSeconds, resendCooldownSeconds } = config.email;
  // Every call counts, whatever it answers: each refused send still writes its failure row.
  admitRequest(services, 'emailCode', request);
  // Demo accounts have a fixed code: nothing to send, nothing to limit.
  if (demoCodeFor(config, input.email) !== undefined) {
    return { email: input.email, expiresIn: codeTtlSeconds, resendAfter: resendCooldownSeconds };
  }
  if (!services.mail) throw new AuthError('EMAIL_NOT_CONFIGURED');
  const sighting = deviceSighting(request, input.device);
  checkCaptcha(services, input, request, sighting);

  const user = findUserByEmail(db, input.email);
  const deliver = user ? user.status === 'active' : createsAccounts(config);
  if (!deliver && config.revealAccountState) throw new AuthError(user ? 'USER_INACTIVE' : 'USER_NOT_FOUND');
  return sendEmailCode(services, {
    email: input.email,
    purpose: 'login',
    request,
    sighting,
    userId: user?.id,
    recipient: deliver ? { locale: mailLocale(user, sighting, request) } : undefined,
  });
}

export function checkCaptcha(
  services: Services,
  input: RequestCodeInput,
  request: RequestInfo,
  sighting: DeviceSighting,
) {
  const emailNormalized = normalizeEmail(input.email);
  const source = codeSource(request, sighting);
  if (!captchaRequired(services, source, emailNormalized)) return;
  if (!input.captchaId || !input.captchaAnswer) throw new AuthError('CAPTCHA_REQUIRED');
  if (redeemCaptcha(services, input.captchaId, input.captchaAnswer)) return;
  const { db, clock, audit } = services;
  db.transaction(() => {
    recordCodeEvent(db, { kind: 'failed', emailNormalized, source, at: clock.now() });
    audit.record({ type: 'captcha_failed', deviceId: source.deviceId }, request);
  }).immediate();
  throw new AuthError('CAPTCHA_INVALID');
}

/** The account's language if we ship it, else the device's, else the request's. */
export function mailLocale(user: UserRow | undefined, sighting: DeviceSighting, request: RequestInfo): Locale {
  const preferred = [user?.locale, sighting.locale].find((tag) => tag && /^(en|zh)\b/i.test(tag));
  return preferred ? pickLocale(preferred) : request.locale;
}
