// Signing in and out: password, email code, password reset, the second factor, refresh and logout.
import type { LatchkeyClient, Revoked } from './client-interface.ts';
import { postWithDevice, signIn, type ClientContext } from './client-context.ts';
import type { AuthResult } from '../../shared/types.ts';

export type SignInMethods = Pick<
  LatchkeyClient,
  | 'register'
  | 'login'
  | 'requestEmailCode'
  | 'requestPasswordReset'
  | 'confirmPasswordReset'
  | 'requestCaptcha'
  | 'verifyEmailCode'
  | 'verifySecondFactor'
  | 'refresh'
  | 'logout'
  | 'logoutAll'
>;

export function signInMethods(context: ClientContext): SignInMethods {
  const { transport, session } = context;

  /** Ends sessions on the server; this device forgets its tokens even when that call fails. */
  async function endSessions(exchange: { path: string; trpc?: boolean }): Promise<Revoked> {
    try {
      return await session.authed<Revoked>({ method: 'POST', ...exchange });
    } finally {
      await session.clear();
    }
  }

  return {
    register: (input) => signIn<AuthResult>(context, '/v1/auth/register', input),
    login: (input) => signIn(context, '/v1/auth/login', input),
    requestEmailCode: (input) => postWithDevice(context, '/v1/auth/email-code', input),
    requestPasswordReset: (input) => postWithDevice(context, '/v1/auth/password-reset', input),
    confirmPasswordReset: (input) => signIn(context, '/v1/auth/password-reset/confirm', input),
    requestCaptcha: () => transport({ method: 'POST', path: '/v1/auth/captcha' }),
    verifyEmailCode: (input) => signIn(context, '/v1/auth/email-code/verify', input),
    verifySecondFactor: (input) => signIn<AuthResult>(context, '/v1/auth/2fa', input),
    refresh: () => session.refresh(),
    logout: () => endSessions({ path: '/v1/auth/logout' }),
    // REST has no route for it; the same server answers the procedure at /trpc, same contract.
    logoutAll: () => endSessions({ path: '/trpc/auth.logoutAll', trpc: true }),
  };
}
