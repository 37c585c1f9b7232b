// auth.*: sign-up, sign-in, refresh and sign-out.
import {
  authMethodsSchema,
  confirmPasswordResetInput,
  requestPasswordResetInput,
  loginInput,
  refreshInput,
  registerInput,
  reportEmailChangeInput,
  requestEmailCodeInput,
  verifyEmailCodeInput,
  verifySecondFactorInput,
} from '../../../../shared/schemas.ts';
import {
  authResultSchema,
  captchaChallengeSchema,
  emailChangeReportedSchema,
  emailCodeSentSchema,
  revokedSchema,
  signInResultSchema,
} from '../../../../shared/outputs.ts';
import {
  describeMagicLinkInput,
  magicLinkDescriptionSchema,
  magicLinkSentSchema,
  requestMagicLinkInput,
  verifyMagicLinkInput,
} from '../../../../shared/magic-link.ts';
import { describeMagicLink } from '../../magic-link/describe-magic-link.ts';
import { requestMagicLink } from '../../magic-link/request-magic-link.ts';
import { verifyMagicLink } from '../../magic-link/verify-magic-link.ts';
import { confirmPasswordReset } from '../../accounts/confirm-password-reset.ts';
import { reportEmailChange } from '../../accounts/email-change-report.ts';
import { requestPasswordReset } from '../../accounts/request-password-reset.ts';
import { passwordSignIn } from '../../accounts/password-sign-in.ts';
import { register } from '../../accounts/register.ts';
import { signInMethods } from '../../accounts/sign-in-methods.ts';
import { issueCaptcha } from '../../email/captcha.ts';
import { emailCodeSignIn } from '../../email/email-sign-in.ts';
import { requestLoginCode } from '../../email/request-login-code.ts';
import { refreshSession } from '../../sessions/refresh.ts';
import { admitRequest } from '../../security/request-caps.ts';
import { revokeSessions } from '../../sessions/sessions.ts';
import { verifySecondFactor } from '../../totp/verify-second-factor.ts';
import {
  deviceSignInStartedSchema,
  pollDeviceSignInInput,
  startDeviceSignInInput,
} from '../../../../shared/device-sign-in.ts';
import { pollDeviceSignIn } from '../../device-sign-in/poll.ts';
import { startDeviceSignIn } from '../../device-sign-in/start.ts';
import { passkeyOptionsInput, passkeySignInOptionsSchema, verifyPasskeyInput } from '../../../../shared/passkeys.ts';
import { passkeySignInOptions } from '../../passkeys/sign-in-options.ts';
import { passkeySignIn } from '../../passkeys/sign-in.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';
import type { AuthedContext } from '../context.ts';
import type { RestRoute } from '../meta.ts';

const rest = (method: RestRoute['method'], path: string, summary: string, extra: Partial<RestRoute> = {}) => ({
  rest: { method, path, summary, tag: 'auth', ...extra },
});
const signIn = { signIn: true };

function endSessions(ctx: AuthedContext, all: boolean): { revokedSessions: number } {
  const { services, auth, request } = ctx;
  const now = services.clock.now();
  const ids = all
    ? revokeSessions(services.db, { userId: auth.user.id }, 'logout_all', now)
    : revokeSessions(services.db, { sessionId: auth.session.id }, 'logout', now);
  services.audit.record(
    {
      type: all ? 'logout_all' : 'logout',
      userId: auth.user.id,
      sessionId: auth.session.id,
      details: { revokedSessions: ids.length },
    },
    request,
  );
  for (const sessionId of ids)
    services.events.emit('account', { userId: auth.user.id, kind: 'session.revoked', sessionId });
  return { revokedSessions: ids.length };
}

export const authRouter = router({
  /** Public: which sign-in methods this server offers (no input, no secrets). */
  methods: publicProcedure
    .output(authMethodsSchema)
    .meta(rest('GET', '/v1/auth/methods', 'Which sign-in methods this server offers'))
    .query(({ ctx }) => signInMethods(ctx.services)),
  register: publicProcedure
    .input(registerInput)
    .output(authResultSchema)
    .meta(rest('POST', '/v1/auth/register', 'Create an account and sign in', signIn))
    .mutation(({ ctx, input }) => register(ctx.services, input, ctx.request)),
  login: publicProcedure
    .input(loginInput)
    .output(signInResultSchema)
    .meta(rest('POST', '/v1/auth/login', 'Sign in with email and password', signIn))
    .mutation(({ ctx, input }) => passwordSignIn(ctx.services, input, ctx.request)),
  verifySecondFactor: publicProcedure
    .input(verifySecondFactorInput)
    .output(authResultSchema)
    .meta(rest('POST', '/v1/auth/2fa', 'Answer a second-factor challenge', signIn))
    .mutation(({ ctx, input }) => verifySecondFactor(ctx.services, input, ctx.request)),
  requestEmailCode: publicProcedure
    .input(requestEmailCodeInput)
    .output(emailCodeSentSchema)
    .meta(rest('POST', '/v1/auth/email-code', 'Email a one-time sign-in code'))
    .mutation(({ ctx, input }) => requestLoginCode(ctx.services, input, ctx.request)),
  verifyEmailCode: publicProcedure
    .input(verifyEmailCodeInput)
    .output(signInResultSchema)
    .meta(rest('POST', '/v1/auth/email-code/verify', 'Sign in with an emailed code', signIn))
    .mutation(({ ctx, input }) => emailCodeSignIn(ctx.services, input, ctx.request)),
  /** Forgot password: answers exactly as requestEmailCode, known email or not. */
  requestPasswordReset: publicProcedure
    .input(requestPasswordResetInput)
    .output(emailCodeSentSchema)
    .meta(rest('POST', '/v1/auth/password-reset', 'Email a password reset code'))
    .mutation(({ ctx, input }) => requestPasswordReset(ctx.services, input, ctx.request)),
  confirmPasswordReset: publicProcedure
    .input(confirmPasswordResetInput)
    .output(signInResultSchema)
    .meta(rest('POST', '/v1/auth/password-reset/confirm', 'Set a new password with an emailed code', signIn))
    .mutation(({ ctx, input }) => confirmPasswordReset(ctx.services, input, ctx.request)),
  /** A sign-in link (and a code for the same sign-in) by email: answers as requestEmailCode does. */
  requestMagicLink: publicProcedure
    .input(requestMagicLinkInput)
    .output(magicLinkSentSchema)
    .meta(rest('POST', '/v1/auth/magic-link', 'Email a sign-in link (and a code)'))
    .mutation(({ ctx, input }) => requestMagicLink(ctx.services, input, ctx.request)),
  /** Who asked for a link, from where and when, without using it up (the landing page's question). */
  describeMagicLink: publicProcedure
    .input(describeMagicLinkInput)
    .output(magicLinkDescriptionSchema)
    .meta(rest('POST', '/v1/auth/magic-link/describe', 'Who asked for a sign-in link'))
    .mutation(({ ctx, input }) => describeMagicLink(ctx.services, input, ctx.request)),
  verifyMagicLink: publicProcedure
    .input(verifyMagicLinkInput)
    .output(signInResultSchema)
    .meta(rest('POST', '/v1/auth/magic-link/verify', 'Sign in with an emailed link', signIn))
    .mutation(({ ctx, input }) => verifyMagicLink(ctx.services, input, ctx.request)),
  /** "This was not me", from the link of an email-change notice: locks the account until an admin unlocks it. */
  reportEmailChange: publicProcedure
    .input(reportEmailChangeInput)
    .output(emailChangeReportedSchema)
    .meta(rest('POST', '/v1/auth/email-change/report', 'Report an email change that was not yours'))
    .mutation(({ ctx, input }) => {
      admitRequest(ctx.services, 'emailCode', ctx.request);
      return reportEmailChange(ctx.services, input.token, ctx.request);
    }),
  /** A captcha image for requestEmailCode, when its policy asks for one (REST clients need it too). */
  requestCaptcha: publicProcedure
    .output(captchaChallengeSchema)
    .meta(rest('POST', '/v1/auth/captcha', 'A captcha image to answer when asking for a code'))
    .mutation(({ ctx }) => {
      admitRequest(ctx.services, 'captcha', ctx.request); // each image is a stored row
      return issueCaptcha(ctx.services);
    }),
  /** A kiosk asks to be signed in from a phone (RFC 8628 device authorization). */
  startDeviceSignIn: publicProcedure
    .input(startDeviceSignInInput)
    .output(deviceSignInStartedSchema)
    .meta(rest('POST', '/v1/auth/device-code', 'A kiosk asks to be signed in from a phone', signIn))
    .mutation(({ ctx, input }) => startDeviceSignIn(ctx.services, input, ctx.request)),
  /** The kiosk's poll: a contract error until the phone decides, then the session, once. */
  pollDeviceSignIn: publicProcedure
    .input(pollDeviceSignInInput)
    .output(authResultSchema)
    .meta(rest('POST', '/v1/auth/device-code/poll', 'The kiosk asks whether its sign-in was approved', signIn))
    .mutation(({ ctx, input }) => pollDeviceSignIn(ctx.services, input, ctx.request)),
  /** Options for navigator.credentials.get(): discoverable, for an email, or for a second-factor challenge. */
  passkeyOptions: publicProcedure
    .input(passkeyOptionsInput)
    .output(passkeySignInOptionsSchema)
    .meta(rest('POST', '/v1/auth/passkey/options', 'Options to sign in with a passkey'))
    .mutation(({ ctx, input }) => passkeySignInOptions(ctx.services, input, ctx.request)),
  /** Sign in with a passkey (answers as auth.login), or answer a second-factor challenge with one. */
  verifyPasskey: publicProcedure
    .input(verifyPasskeyInput)
    .output(signInResultSchema)
    .meta(rest('POST', '/v1/auth/passkey/verify', 'Sign in with a passkey, or answer a 2FA challenge', signIn))
    .mutation(({ ctx, input }) => passkeySignIn(ctx.services, input, ctx.request)),
  refresh: publicProcedure
    .input(refreshInput)
    .output(authResultSchema)
    .meta(rest('POST', '/v1/auth/refresh', 'Rotate a refresh token for new tokens', signIn))
    .mutation(({ ctx, input }) => refreshSession(ctx.services, input, ctx.request)),
  logout: authedProcedure
    .output(revokedSchema)
    .meta(rest('POST', '/v1/auth/logout', 'End the current session'))
    .mutation(({ ctx }) => endSessions(ctx, false)),
  logoutAll: authedProcedure.output(revokedSchema).mutation(({ ctx }) => endSessions(ctx, true)),
});
