// auth.pollDeviceSignIn: the kiosk asks whether its sign-in was decided (RFC 8628 §3.4–3.5).
// Each answer is an error code of the contract until the phone decides: AUTHORIZATION_PENDING,
// SLOW_DOWN (polled before `interval` had passed; the interval grows by 5 s each time),
// ACCESS_DENIED, EXPIRED_TOKEN. An approval is answered once, with a session on the device the
// kiosk described when it started; the row goes in the same transaction that writes the session,
// so a second poll (or a racing one) finds nothing and answers EXPIRED_TOKEN (docs/security.md R38).
// An approval whose phone session has ended since answers ACCESS_DENIED with the reason
// `approval_withdrawn`, so a kiosk can say why rather than "denied" (why exactly stays in the audit
// log: an unauthenticated kiosk does not learn that the account was reported).
import type { AuthResult } from '../../../shared/types.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';
import type { UserRow } from '../accounts/users.ts';
import { heldFor } from '../security/account-hold.ts';
import { announceSession, writeSession, type SessionInput, type SessionRows } from '../sessions/sign-in.ts';
import { readLiveSession } from '../sessions/sessions.ts';
import { deleteDeviceCode, deviceFactsOf, findByDeviceCode, notePoll, type DeviceCodeRow } from './store.ts';

/** RFC 8628 §3.5: every slow_down adds 5 seconds to the interval. */
const SLOW_DOWN_STEP_SECONDS = 5;

type Outcome =
  | { error: 'EXPIRED_TOKEN' | 'ACCESS_DENIED'; reason?: 'approval_withdrawn' }
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
  throw new AuthError(outcome.error, outcome.reason ? { reason: outcome.reason } : {});
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
    const approval = standingApproval(services, row, now);
    if ('withdrawn' in approval) {
      const details = { reason: approval.withdrawn };
      audit.record({ type: 'device_sign_in_withdrawn', userId: row.user_id, deviceId: facts.id, details }, request);
      return { error: 'ACCESS_DENIED', reason: 'approval_withdrawn' };
    }
    const { user, authTime } = approval;
    const session: SessionInput = {
      user,
      // Nobody signed in at the kiosk: it counts as recent only while the phone's sign-in does.
      authTime,
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

/**
 * An approval stands only while the session that gave it is live (not signed out or ended by a new
 * password, a report or an admin; its user active, its device not revoked) and the account is not
 * held: otherwise a hijacker could approve a kiosk and collect a session after being thrown out.
 */
function standingApproval(
  services: Services,
  row: DeviceCodeRow,
  now: number,
): { user: UserRow; authTime: number } | { withdrawn: string } {
  const approver =
    row.approved_by === null ? undefined : readLiveSession(services.db, row.approved_by, now, services.lifetimes);
  if (!approver || approver.user.id !== row.user_id) return { withdrawn: 'approver_ended' };
  if (heldFor(services, approver.user) > 0) return { withdrawn: 'held' };
  return { user: approver.user, authTime: approver.session.auth_time };
}
