// The log that email-code limits are counted from (docs/security.md): every send and every failure,
// by email and by source (address, device), in SQLite so IPC and HTTP share it and a restart keeps
// it. Unknown emails are logged exactly like known ones, so a limit never reveals an account.
import type { Db } from '../db/open.ts';
import type { RequestInfo } from '../request.ts';
import type { DeviceSighting } from '../sessions/devices.ts';
import { stmt } from '../db/statements.ts';

export const HOUR_MS = 3_600_000;

export interface CodeSource {
  ipAddress?: string | undefined;
  deviceId?: string | undefined;
}

export const codeSource = (request: RequestInfo, sighting: DeviceSighting): CodeSource => ({
  ipAddress: request.ipAddress,
  deviceId: sighting.id,
});

/** The throttle row of an email's failure budget (shared by every purpose). */
export const emailCodeThrottleKey = (emailNormalized: string): string => `email-code:${emailNormalized}`;

export function recordCodeEvent(
  db: Db,
  event: { kind: 'sent' | 'failed'; emailNormalized: string; source: CodeSource; at: number },
): void {
  stmt(
    db,
    'INSERT INTO email_code_events (kind, email_normalized, ip_address, device_id, at) VALUES (?, ?, ?, ?, ?)',
  ).run(event.kind, event.emailNormalized, event.source.ipAddress ?? null, event.source.deviceId ?? null, event.at);
}

/** When the last code for this email was sent, if within the hour. */
export function lastSentAt(db: Db, emailNormalized: string, now: number): number | undefined {
  const row = stmt(
    db,
    `SELECT max(at) AS at FROM email_code_events WHERE email_normalized = ? AND kind = 'sent' AND at > ?`,
  ).get(emailNormalized, now - HOUR_MS) as { at: number | null };
  return row.at ?? undefined;
}

/**
 * Milliseconds until one more send fits under `cap` sends per rolling hour, or 0 if it fits now.
 * The wait ends when the oldest send that fills the cap leaves the window.
 */
export function hourlyCapWait(
  db: Db,
  column: 'email_normalized' | 'ip_address',
  value: string,
  cap: number,
  now: number,
): number {
  const sql =
    column === 'email_normalized'
      ? `SELECT at FROM email_code_events WHERE email_normalized = ? AND kind = 'sent' AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?`
      : `SELECT at FROM email_code_events WHERE ip_address = ? AND kind = 'sent' AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?`;
  const row = stmt(db, sql).get(value, now - HOUR_MS, cap - 1) as { at: number } | undefined;
  return row ? row.at + HOUR_MS - now : 0;
}

/** Failures in the last hour from this source (address or device; the email when neither is known). */
export function recentFailures(db: Db, source: CodeSource, emailNormalized: string, now: number): number {
  const since = now - HOUR_MS;
  if (!source.ipAddress && !source.deviceId) {
    const row = stmt(
      db,
      `SELECT count(*) AS n FROM email_code_events WHERE email_normalized = ? AND kind = 'failed' AND at > ?`,
    ).get(emailNormalized, since) as { n: number };
    return row.n;
  }
  const count = (column: 'ip_address' | 'device_id', value: string | undefined): number =>
    value === undefined
      ? 0
      : (
          stmt(
            db,
            column === 'ip_address'
              ? `SELECT count(*) AS n FROM email_code_events WHERE ip_address = ? AND kind = 'failed' AND at > ?`
              : `SELECT count(*) AS n FROM email_code_events WHERE device_id = ? AND kind = 'failed' AND at > ?`,
          ).get(value, since) as { n: number }
        ).n;
  return Math.max(count('ip_address', source.ipAddress), count('device_id', source.deviceId));
}

/** Events older than every window that reads them. */
export function purgeCodeEvents(db: Db, now: number): number {
  return stmt(db, 'DELETE FROM email_code_events WHERE at <= ?').run(now - HOUR_MS).changes;
}
