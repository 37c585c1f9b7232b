// Every refused passkey step is audited with its reason and answers one code, PASSKEY_REJECTED
// (an expired challenge: CHALLENGE_EXPIRED), so a client can tell why and a log can show it.
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';

export function refusePasskey(
  services: Services,
  request: RequestInfo,
  refusal: { reason: string; purpose: string; userId?: number | undefined; sessionId?: string | undefined },
): AuthError {
  const { reason, purpose, userId, sessionId } = refusal;
  services.audit.record({ type: 'passkey_refused', userId, sessionId, details: { reason, purpose } }, request);
  return reason === 'challenge_expired'
    ? new AuthError('CHALLENGE_EXPIRED')
    : new AuthError('PASSKEY_REJECTED', { reason });
}
