// Retention (docs/security.md R68): rows that no longer protect anyone are deleted — spent refresh
// tokens (one per refresh), ended sessions, old audit events, stale throttle counters, and the
// email-code feature's expired codes, send log, old mail and captchas, spent second-factor
// challenges, and expired email changes and their report tokens. createAuthServer runs this on a timer; hosts may also call `server.purge()`.
import type { Services } from './services.ts';
import { stmt } from './db/statements.ts';
import { pruneAuditEvents } from './security/audit-chain.ts';
import { purgeCodeEvents } from './email/code-events.ts';
import { purgeExpiredCodes } from './email/codes.ts';
import { purgeExpiredLinks } from './magic-link/links.ts';
import { purgeOutbox } from './email/outbox.ts';
import { purgeExpiredDeviceCodes } from './device-sign-in/store.ts';

const DAY_MS = 86_400_000;

export interface PurgeReport {
  sessions: number;
  refreshTokens: number;
  auditEvents: number;
  throttles: number;
  emailCodes: number;
  magicLinks: number;
  emailCodeEvents: number;
  outbox: number;
  captchas: number;
  secondFactorChallenges: number;
  /** Expired pending email changes and "this was not me" report tokens. */
  emailChanges: number;
  deviceCodes: number;
}

/**
 * Deletes what has outlived its use as of the server's clock, one table per transaction so a long
 * purge never holds the write lock for long.
 */
export function purgeExpired(services: Services): PurgeReport {
  const { db, clock, config, lifetimes } = services;
  const now = clock.now();
  const { sessionDays, auditDays } = config.retention;
  const endedBefore = now - sessionDays * DAY_MS;
  const inTransaction = <T>(run: () => T): T => db.transaction(run).immediate();

  // A session ends at revocation, at its absolute end, or when idle too long, whichever is first;
  // its refresh tokens go with it (ON DELETE CASCADE).
  const sessions = inTransaction(
    () =>
      stmt(
        db,
        `DELETE FROM sessions
         WHERE min(coalesce(revoked_at, expires_at), expires_at, last_active_at + @idleMs) < @endedBefore`,
      ).run({ idleMs: lifetimes.idleMs, endedBefore }).changes,
  );

  // A token is spent when used, revoked or expired. Used ones are kept for a while so a replay is
  // still recognized (and ends the session, R31) by someone returning with an old copy.
  const refreshTokens = inTransaction(() => {
    // Spent: the earliest of used, revoked and expired lies before @endedBefore. parent_id
    // cascades on delete: unlink the successors first, or a live token would go too.
    stmt(
      db,
      `UPDATE refresh_tokens SET parent_id = NULL WHERE parent_id IN (SELECT id FROM refresh_tokens
       WHERE min(coalesce(used_at, expires_at), coalesce(revoked_at, expires_at), expires_at) < @endedBefore)`,
    ).run({ endedBefore });
    return stmt(
      db,
      `DELETE FROM refresh_tokens
       WHERE min(coalesce(used_at, expires_at), coalesce(revoked_at, expires_at), expires_at) < @endedBefore`,
    ).run({ endedBefore }).changes;
  });

  const auditEvents = pruneAuditEvents(db, now - auditDays * DAY_MS);

  // A counter is stale once its streak is older than the longest window any throttle reads (a
  // day at least) and it locks nothing: recording a failure would start it afresh anyway.
  const windowMs = Math.max(config.lockout.windowSeconds, config.totp.lockoutSeconds, DAY_MS / 1000) * 1000;
  const throttles = inTransaction(
    () =>
      stmt(db, 'DELETE FROM throttles WHERE last_failure_at < ? AND (locked_until IS NULL OR locked_until <= ?)').run(
        now - windowMs,
        now,
      ).changes,
  );

  const emailCodes = inTransaction(() => purgeExpiredCodes(services, now));
  const magicLinks = inTransaction(() => purgeExpiredLinks(db, now));
  const emailCodeEvents = inTransaction(() => purgeCodeEvents(db, now));
  const outbox = inTransaction(() => purgeOutbox(db, now - config.email.outboxRetentionDays * DAY_MS));
  const captchas = inTransaction(
    () => stmt(db, 'DELETE FROM captcha_challenges WHERE expires_at <= ?').run(now).changes,
  );
  const secondFactorChallenges = inTransaction(
    () =>
      stmt(db, 'DELETE FROM second_factor_challenges WHERE expires_at <= ? OR used_at IS NOT NULL').run(now).changes,
  );
  const emailChanges = inTransaction(
    () =>
      stmt(db, 'DELETE FROM email_changes WHERE expires_at <= ?').run(now).changes +
      stmt(db, 'DELETE FROM email_change_reports WHERE expires_at <= ?').run(now).changes,
  );
  const deviceCodes = inTransaction(() => purgeExpiredDeviceCodes(services, now));
  return {
    sessions,
    refreshTokens,
    auditEvents,
    throttles,
    emailCodes,
    magicLinks,
    emailCodeEvents,
    outbox,
    captchas,
    secondFactorChallenges,
    emailChanges,
    deviceCodes,
  };
}

/** Runs the purge every `retention.purgeIntervalMinutes` (0: never) until the returned stop is called. */
export function schedulePurge(services: Services): () => void {
  const minutes = services.config.retention.purgeIntervalMinutes;
  if (minutes === 0) return () => {};
  const timer = setInterval(() => {
    try {
      purgeExpired(services);
    } catch (error) {
      // A busy or closing database: the next run catches up.
      services.logger.log('warn', 'retention purge failed', { error: error instanceof Error ? error.name : 'unknown' });
    }
  }, minutes * 60_000);
  // The schedule never keeps a process alive on its own.
  timer.unref();
  return () => clearInterval(timer);
}
