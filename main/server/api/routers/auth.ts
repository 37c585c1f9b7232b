// auth.*: sign-up, sign-in, refresh and sign-out.
import {
  authMethodsSchema,
  confirmPasswordResetInput,
  requestPasswordResetInput,
  loginInput,
  refreshInput,
  registerInput,
  requestEmailCodeInput,
  verifyEmailCodeInput,
  verifySecondFactorInput,
} from '../../../../shared/schemas.ts';
import { confirmPasswordReset } from '../../accounts/confirm-password-reset.ts';
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
import { passkeyOptionsInput, passkeySignInOptionsSchema, verifyPasskeyInput } from '../../../../shared/passkeys.ts';
import { passkeySignInOptions } from '../../passkeys/sign-in-options.ts';
import { passkeySignIn } from '../../passkeys/sign-in.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';
import type { AuthedContext } from '../context.ts';

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
  methods: publicProcedure.output(authMethodsSchema).query(({ ctx }) => signInMethods(ctx.services)),
  register: publicProcedure
    .input(registerInput)
    .mutation(({ ctx, input }) => register(ctx.services, input, ctx.request)),
  login: publicProcedure
    .input(loginInput)
    .mutation(({ ctx, input }) => passwordSignIn(ctx.services, input, ctx.request)),
  verifySecondFactor: publicProcedure
    .input(verifySecondFactorInput)
    .mutation(({ ctx, input }) => verifySecondFactor(ctx.services, input, ctx.request)),
  requestEmailCode: publicProcedure
    .input(requestEmailCodeInput)
    .mutation(({ ctx, input }) => requestLoginCode(ctx.services, input, ctx.request)),
  verifyEmailCode: publicProcedure
    .input(verifyEmailCodeInput)
    .mutation(({ ctx, input }) => emailCodeSignIn(ctx.services, input, ctx.request)),
  /** Forgot password: answers exactly as requestEmailCode, known email or not. */
  requestPasswordReset: publicProcedure
    .input(requestPasswordResetInput)
    .mutation(({ ctx, input }) => requestPasswordReset(ctx.services, input, ctx.request)),
  confirmPasswordReset: publicProcedure
    .input(confirmPasswordResetInput)
    .mutation(({ ctx, input }) => confirmPasswordReset(ctx.services, input, ctx.request)),
  /** A captcha image for requestEmailCode, when its policy asks for one. */
  requestCaptcha: publicProcedure.mutation(({ ctx }) => {
    admitRequest(ctx.services, 'captcha', ctx.request); // each image is a stored row
    return issueCaptcha(ctx.services);
  }),
  /** Options for navigator.credentials.get(): discoverable, for an email, or for a second-factor challenge. */
  passkeyOptions: publicProcedure
    .input(passkeyOptionsInput)
    .output(passkeySignInOptionsSchema)
    .mutation(({ ctx, input }) => passkeySignInOptions(ctx.services, input, ctx.request)),
  /** Sign in with a passkey (answers as auth.login), or answer a second-factor challenge with one. */
  verifyPasskey: publicProcedure
    .input(verifyPasskeyInput)
    .mutation(({ ctx, input }) => passkeySignIn(ctx.services, input, ctx.request)),
  refresh: publicProcedure
    .input(refreshInput)
    .mutation(({ ctx, input }) => refreshSession(ctx.services, input, ctx.request)),
  logout: authedProcedure.mutation(({ ctx }) => endSessions(ctx, false)),
  logoutAll: authedProcedure.mutation(({ ctx }) => endSessions(ctx, true)),
});
