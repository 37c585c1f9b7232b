// The audit log (DESIGN.md §5.7, SECURITY.md R69): every security event, in UTC, with who, where
// and how — never a secret. Callers pass only ids and reason codes; details are flat scalars.
import type { Db } from '../db/open.ts';
import type { AuditEvent } from '../../../shared/types.ts';
import type { Clock } from '../clock.ts';
import { toIso } from '../clock.ts';

export interface AuditSource {
  transport?: string | undefined;
  ipAddress?: string | undefined;
}

export interface AuditEntry {
  type: string;
  userId?: number | null | undefined;
  sessionId?: string | null | undefined;
  deviceId?: string | null | undefined;
  details?: Record<string, string | number | boolean | null | undefined>;
}

interface AuditRow {
  id: number;
  at: number;
  type: string;
  user_id: number | null;
  session_id: string | null;
  device_id: string | null;
  transport: string | null;
  ip_address: string | null;
  details: string;
}

export class AuditLog {
  readonly #insert;
  readonly #db: Db;
  readonly #clock: Clock;
  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    this.#insert = db.prepare(
      `INSERT INTO audit_events (at, type, user_id, session_id, device_id, transport, ip_address, details)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  record(entry: AuditEntry, source: AuditSource = {}): void {
    this.#insert.run(
      this.#clock.now(),
      entry.type,
      entry.userId ?? null,
      entry.sessionId ?? null,
      entry.deviceId ?? null,
      source.transport ?? null,
      source.ipAddress ?? null,
      JSON.stringify(entry.details ?? {}),
    );
  }

  list(filter: { userId?: number | undefined; type?: string | undefined; limit: number }): AuditEvent[] {
    const rows = this.#db
      .prepare(
        `SELECT * FROM audit_events
         WHERE (@userId IS NULL OR user_id = @userId) AND (@type IS NULL OR type = @type)
         ORDER BY id DESC LIMIT @limit`,
      )
      .all({ userId: filter.userId ?? null, type: filter.type ?? null, limit: filter.limit }) as AuditRow[];
    return rows.map((row) => ({
      id: row.id,
      at: toIso(row.at),
      type: row.type,
      userId: row.user_id,
      sessionId: row.session_id,
      deviceId: row.device_id,
      transport: row.transport,
      ipAddress: row.ip_address,
      details: JSON.parse(row.details) as Record<string, unknown>,
    }));
  }
}
