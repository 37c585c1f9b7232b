// auth.pollDeviceSignIn: the kiosk asks whether its sign-in was decided (RFC 8628 §3.4–3.5).
// Each answer is an error code of the contract until the phone decides: AUTHORIZATION_PENDING,
// SLOW_DOWN (polled before `interval` had passed; the interval grows by 5 s each time),
// ACCESS_DENIED, EXPIRED_TOKEN. An approval is answered once, with a session on the device the
// kiosk described when it started; the row goes in the same transaction that writes the session,
// so a second poll (or a racing one) finds nothing and answers EXPIRED_TOKEN (docs/security.md R38).
import type { AuthResult } from '../../../shared/types.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';
import { findUserById } from '../accounts/users.ts';
import { heldFor } from '../security/account-hold.ts';
import { announceSession, writeSession, type SessionInput, type SessionRows } from '../sessions/sign-in.ts';
import { deleteDeviceCode, deviceFactsOf, findByDeviceCode, notePoll } from './store.ts';

/** RFC 8628 §3.5: every slow_down adds 5 seconds to the interval. */
const SLOW_DOWN_STEP_SECONDS = 5;

type Outcome =
  | { error: 'EXPIRED_TOKEN' | 'ACCESS_DENIED' }
  | { error: 'AUTHORIZATION_PENDING' | 'SLOW_DOWN'; interval: number }
  | { session: SessionInput; rows: SessionRows };

export async function pollDeviceSignIn(
  services: Services,
  input: { deviceCode: string },
  request: RequestInfo,
): Promise<AuthResult> {
  const { db } = services;
  const outcome = db.transaction((): Outcome => poll(services, input.deviceCode, request)).immediate();
  if ('session' in outcome) return announceSession(services, outcome.session, outcome.rows);
  if ('interval' in outcome) throw new AuthError(outcome.error, { retryAfter: outcome.interval });
  throw new AuthError(outcome.error);
}

/** Inside the transaction: what this poll answers, and what it changes. */
function poll(services: Services, deviceCode: string, request: RequestInfo): Outcome {
  const { clock, audit } = services;
  const now = clock.now();
  const row = findByDeviceCode(services, deviceCode);
  if (!row) return { error: 'EXPIRED_TOKEN' };
  const facts = deviceFactsOf(row);
  if (now >= row.expires_at) {
    deleteDeviceCode(services, row.id);
    audit.record({ type: 'device_sign_in_expired', userId: row.user_id, deviceId: facts.id }, request);
    return { error: 'EXPIRED_TOKEN' };
  }
  if (row.status === 'denied') {
    // Told once; the code is spent.
    deleteDeviceCode(services, row.id);
    return { error: 'ACCESS_DENIED' };
  }
  if (row.status === 'approved') {
    deleteDeviceCode(services, row.id);
    const user = row.user_id === null ? undefined : findUserById(services.db, row.user_id);
    // Disabled, deleted or reported (held) since the phone approved: the approval no longer stands.
    if (!user || user.status !== 'active' || heldFor(services, user) > 0) return { error: 'ACCESS_DENIED' };
    const session: SessionInput = {
      user,
      device: { sighting: { ...facts, ipAddress: request.ipAddress ?? facts.ipAddress } },
      amr: JSON.parse(row.amr ?? '[]') as string[],
      aal: row.aal ?? 1,
      request,
      audit: [{ type: 'device_sign_in_completed', userId: user.id, deviceId: facts.id }],
    };
    return { session, rows: writeSession(services, session) };
  }
  const tooSoon = row.last_polled_at !== null && now - row.last_polled_at < row.interval_seconds * 1000;
  const interval = tooSoon ? row.interval_seconds + SLOW_DOWN_STEP_SECONDS : row.interval_seconds;
  notePoll(services, row.id, now, interval);
  return { error: tooSoon ? 'SLOW_DOWN' : 'AUTHORIZATION_PENDING', interval };
}
