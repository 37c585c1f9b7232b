// auth.refresh: rotate the refresh token and mint a new access token (docs/security.md R29–R33).
// The token is bound to its session and the session to its device (R29): that binding, never the
// device id in the request, decides which device the new tokens name and whose last-seen moves.
// The id is optional, since the session implies it; one that is sent must be the session's own,
// else UNAUTHORIZED, audited, with no device touched and the token left unspent. (The id is no
// secret, being every access token's `did`, so requiring it would protect nothing.)
import type { AuthResult } from '../../../shared/types.ts';
import type { DeviceInput } from '../../../shared/schemas.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';
import { deviceSighting } from './device-sighting.ts';
import { touchDevice } from './devices.ts';
import { buildAuthResult } from './sign-in.ts';
import { findSessionOwner, loadLiveSession, markSessionActive, revokeSessions } from './sessions.ts';
import { consumeRefreshToken, inspectRefreshToken, issueRefreshToken } from './refresh-tokens.ts';

export async function refreshSession(
  services: Services,
  input: { refreshToken: string; device?: DeviceInput | undefined },
  request: RequestInfo,
): Promise<AuthResult> {
  const { db, clock, lifetimes, audit } = services;
  const now = clock.now();
  const sighting = deviceSighting(request, input.device);
  // Decide inside one immediate transaction; the outcome (including a reuse revocation) is
  // committed before any error is thrown, so a failure path cannot roll it back (R64).
  const outcome = db
    .transaction(() => {
      const check = inspectRefreshToken(db, input.refreshToken, now);
      if (check.kind === 'unknown') return { ok: false as const, error: 'UNAUTHORIZED' as const };
      if (check.kind === 'reused') {
        const revoked = revokeSessions(db, { sessionId: check.row.session_id }, 'refresh_token_reused', now);
        // The row names the user too: retention may delete the session long before this row, and
        // deleting the account must still find it to redact its address (docs/security.md R67).
        const ownerId = findSessionOwner(db, check.row.session_id);
        audit.record(
          {
            type: 'refresh_reuse_detected',
            userId: ownerId ?? null,
            sessionId: check.row.session_id,
            details: { revoked: revoked.length },
          },
          request,
        );
        const revokedSession = { sessionId: check.row.session_id, ownerId };
        return { ok: false as const, error: 'REFRESH_TOKEN_REUSED' as const, revokedSession };
      }
      if (check.kind !== 'fresh') return { ok: false as const, error: 'UNAUTHORIZED' as const };
      const live = loadLiveSession(db, check.row.session_id, now, lifetimes);
      if (!live) return { ok: false as const, error: 'UNAUTHORIZED' as const };
      // Another device's id means the token travelled: refuse before touching anything.
      if (sighting.id !== undefined && sighting.id !== live.device.public_id) {
        audit.record(
          {
            type: 'refresh_device_mismatch',
            userId: live.user.id,
            sessionId: live.session.id,
            deviceId: live.device.public_id,
          },
          request,
        );
        return { ok: false as const, error: 'UNAUTHORIZED' as const };
      }
      if (!consumeRefreshToken(db, check.row.id, now))
        return { ok: false as const, error: 'REFRESH_TOKEN_REUSED' as const };
      const refresh = issueRefreshToken(db, {
        sessionId: live.session.id,
        parentId: check.row.id,
        now,
        expiresAt: Math.min(now + lifetimes.idleMs, live.session.expires_at),
      });
      markSessionActive(db, live.session.id, now);
      // The session's own device row, whatever the request says.
      const device = touchDevice(db, live.device.pk, sighting, now);
      return {
        ok: true as const,
        live: { ...live, device, session: { ...live.session, last_active_at: now } },
        refresh,
      };
    })
    .immediate();
  if (!outcome.ok) {
    const revoked = 'revokedSession' in outcome ? outcome.revokedSession : undefined;
    if (revoked?.ownerId !== undefined)
      services.events.emit('account', {
        userId: revoked.ownerId,
        kind: 'session.revoked',
        sessionId: revoked.sessionId,
      });
    throw new AuthError(outcome.error);
  }
  const { live, refresh } = outcome;
  return buildAuthResult(services, { user: live.user, device: live.device, session: live.session, refresh });
}
