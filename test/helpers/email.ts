// Email-code helpers: read what the outbox transport "delivered", and sign in by code.
import type { AuthServer } from '../../main/server/server.ts';
import type { OutboxMessage } from '../../main/server/services.ts';
import type { RequestInfo } from '../../main/server/request.ts';

/** The newest message to `email`, or undefined. */
export function lastMail(server: AuthServer, email: string): OutboxMessage | undefined {
  return server.services.mail?.outbox({ email, limit: 1 })[0];
}

/** The code in the newest message to `email` (fails the test if there is none). */
export function lastCode(server: AuthServer, email: string): string {
  const code = lastMail(server, email)?.code;
  if (!code) throw new Error(`no code was mailed to ${email}`);
  return code;
}

/** Requests a code and signs in with it. */
export async function signInByCode(server: AuthServer, email: string, request: Partial<RequestInfo> = {}) {
  await server.caller(request).auth.requestEmailCode({ email });
  const result = await server.caller(request).auth.verifyEmailCode({ email, code: lastCode(server, email) });
  if (result.requires2fa) throw new Error('unexpected 2FA');
  return result;
}

/** A code that is not `code` (for wrong answers). */
export const wrongCode = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
