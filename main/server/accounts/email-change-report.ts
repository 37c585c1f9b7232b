// "This was not me" (docs/security.md R75): every email-change notice to the old address carries a
// report token, 256 random bits kept only as a SHA-256, good once and for `email.reportTtlDays`.
// Reporting locks the account until an admin unlocks it: the same counters an admin unlock clears
// (main/server/security/unlock-keys.ts) are held locked, so every way in answers the locked
// error; every session and refresh token ends, every device trust is forgotten, and a pending
// change, codes and sign-in links are voided. The link's page asks before it acts (a POST, never a
// GET, so a mail scanner's prefetch locks nothing).
import type { EmailChangeReported } from '../../../shared/types.ts';
import type { RequestInfo } from '../request.ts';
import type { Services } from '../services.ts';
import { AuthError } from '../errors.ts';
import { randomToken, sha256 } from '../crypto/random.ts';
import { stmt } from '../db/statements.ts';
import { unlockKeys } from '../security/unlock-keys.ts';
import { revokeSessions } from '../sessions/sessions.ts';
import { untrustAllDevices } from '../totp/trusted-devices.ts';
import { findUserById, voidMailedSecrets } from './users.ts';
import { deletePendingEmailChange } from './pending-email-change.ts';

const DAY_MS = 86_400_000;

/** Inside the caller's transaction: a fresh report token for the user, returned once. */
export function issueReportToken(services: Pick<Services, 'db' | 'config'>, userId: number, now: number): string {
  const token = randomToken(32);
  stmt(
    services.db,
    'INSERT INTO email_change_reports (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
  ).run(sha256(token), userId, now, now + services.config.email.reportTtlDays * DAY_MS);
  return token;
}

/** Inside the caller's transaction: the account's pending change and every report link end. */
export function voidEmailChanges(services: Pick<Services, 'db'>, userId: number): void {
  stmt(services.db, 'DELETE FROM email_change_reports WHERE user_id = ?').run(userId);
  deletePendingEmailChange(services.db, userId);
}

export function reportEmailChange(services: Services, token: string, request: RequestInfo): EmailChangeReported {
  const { db, clock, throttle, audit, events } = services;
  const now = clock.now();
  const outcome = db
    .transaction(() => {
      const row = stmt(db, 'SELECT user_id, expires_at FROM email_change_reports WHERE token_hash = ?').get(
        sha256(token),
      ) as { user_id: number; expires_at: number } | undefined;
      if (!row || now >= row.expires_at) return undefined;
      const user = findUserById(db, row.user_id);
      if (!user) return undefined;
      // Every link of the account is spent: an older notice cannot lock it again after an unlock,
      // and a code or sign-in link already mailed (perhaps to the hijacker) opens nothing later.
      voidEmailChanges(services, user.id);
      voidMailedSecrets(db, user.email_normalized);
      // A device the hijacker trusted would skip the second factor after the unlock.
      untrustAllDevices(db, user.id);
      throttle.hold(unlockKeys(user));
      const revoked = revokeSessions(db, { userId: user.id }, 'email_change_reported', now);
      audit.record(
        { type: 'email_change_reported', userId: user.id, details: { revokedSessions: revoked.length } },
        request,
      );
      return { userId: user.id, revoked };
    })
    .immediate();
  if (!outcome) {
    audit.record({ type: 'email_change_report_refused' }, request);
    throw new AuthError('CODE_INVALID');
  }
  for (const sessionId of outcome.revoked)
    events.emit('account', { userId: outcome.userId, kind: 'session.revoked', sessionId });
  return { locked: true };
}
