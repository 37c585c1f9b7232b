// Browser mode: a sign-in (password or email code) carries this browser's trust token for the
// account signing in, so a browser trusted at the second factor skips it. The screens never handle
// the token; over IPC main presents it instead.
import type { TRPCLink } from '@trpc/client';
import type { AppRouter } from '../../main/server/api/router.ts';
import type { AuthResult } from '../../shared/types.ts';
import type { Transport } from './transport.ts';

const SIGN_IN_PATHS = new Set(['auth.login', 'auth.verifyEmailCode']);

export function trustLink(tokenFor: (email: string) => string | undefined): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) => {
      const input = op.input as { email?: unknown; device?: object } | undefined;
      const token =
        op.type === 'mutation' && SIGN_IN_PATHS.has(op.path) && typeof input?.email === 'string'
          ? tokenFor(input.email)
          : undefined;
      return next(token ? { ...op, input: { ...input, device: { ...input?.device, trustToken: token } } } : op);
    };
}

/** Keeps a newly issued trust token; forgets one the server no longer honours (untrusted, expired). */
export function keepTrustToken(trust: Transport['deviceTrust'], result: AuthResult): void {
  const issued = result.tokens.deviceTrustToken;
  if (issued !== undefined) trust?.set(result.user.email, issued);
  else if (result.device.trustedUntil === null) trust?.set(result.user.email, undefined);
}
