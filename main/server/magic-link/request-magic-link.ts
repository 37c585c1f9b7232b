// auth.requestMagicLink: a sign-in link by email, together with a sign-in code for the same
// request, through the same limits, captcha policy and send log as auth.requestEmailCode
// (docs/security.md R74). Unknown and inactive addresses take the same steps (a link and a code
// are stored that nobody is told), so the answer and its timing reveal nothing about the account.
import type { MagicLinkSent } from '../../../shared/magic-link.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';
import { fieldMessage } from '../../../shared/validation-messages.ts';
import { findUserByEmail, normalizeEmail } from '../accounts/users.ts';
import { createsAccounts } from '../email/config.ts';
import { demoCodeFor } from '../email/demo-accounts.ts';
import { checkCaptcha, mailLocale, type RequestCodeInput } from '../email/request-login-code.ts';
import { codeSource } from '../email/code-events.ts';
import { sendEmailCode } from '../email/send-code.ts';
import { admitRequest } from '../security/request-caps.ts';
import { deviceSighting } from '../sessions/device-sighting.ts';
import { magicLinkUrl } from './link-url.ts';
import { storeLink } from './links.ts';
import { allowedRedirect } from './redirect.ts';

export interface RequestMagicLinkInput extends RequestCodeInput {
  redirectTo?: string | undefined;
  nonce?: string | undefined;
}

export function requestMagicLink(
  services: Services,
  input: RequestMagicLinkInput,
  request: RequestInfo,
): MagicLinkSent {
  const { config, db } = services;
  const settings = config.magicLink;
  // The same request cap as sign-in codes: each call counts, whatever it answers.
  admitRequest(services, 'emailCode', request);
  if (!settings.enabled) throw new AuthError('FORBIDDEN', { reason: 'method_disabled' });
  if (!services.mail) throw new AuthError('EMAIL_NOT_CONFIGURED');
  // Never an open redirect: refused before anything is stored or sent, for every email alike.
  let redirectTo: string | null = null;
  if (input.redirectTo !== undefined) {
    const allowed = allowedRedirect(settings, request.origin, input.redirectTo);
    if (allowed === undefined) {
      services.audit.record({ type: 'magic_link_refused', details: { reason: 'redirect_not_allowed' } }, request);
      throw new AuthError('VALIDATION_ERROR', {
        reason: 'redirect_not_allowed',
        details: { redirectTo: fieldMessage('redirect_not_allowed', request.locale) },
      });
    }
    redirectTo = allowed;
  }
  const sighting = deviceSighting(request, input.device);
  checkCaptcha(services, input, request, sighting);

  const user = findUserByEmail(db, input.email);
  // A shared demo account has no mailbox: its link is stored like an unknown email's, and not sent.
  const known = user ? user.status === 'active' : createsAccounts(config);
  const deliver = known && demoCodeFor(config, input.email) === undefined;
  if (!deliver && config.revealAccountState) throw new AuthError(user ? 'USER_INACTIVE' : 'USER_NOT_FOUND');
  const emailNormalized = normalizeEmail(input.email);
  const source = codeSource(request, sighting);
  const sent = sendEmailCode(services, {
    email: input.email,
    purpose: 'login',
    request,
    sighting,
    userId: user?.id,
    recipient: deliver ? { locale: mailLocale(user, sighting, request) } : undefined,
    link: {
      ttlSeconds: settings.ttlSeconds,
      issue: (now) => {
        const token = storeLink(services, {
          email: input.email,
          emailNormalized,
          nonce: input.nonce,
          redirectTo,
          device: { id: sighting.id, name: sighting.name, platform: sighting.platform },
          ipAddress: source.ipAddress,
          now,
          ttlMs: settings.ttlSeconds * 1000,
        });
        return magicLinkUrl(settings, request, token);
      },
    },
  });
  return { email: sent.email, expiresIn: settings.ttlSeconds, resendAfter: sent.resendAfter };
}
