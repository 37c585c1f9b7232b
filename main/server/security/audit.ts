// The audit log (docs/security.md R69): every security event, in UTC, with who, where
// and how — never a secret. Callers pass only ids and reason codes; details are flat scalars.
import type { Db } from '../db/open.ts';
import type { AuditChainVerdict, AuditEvent } from '../../../shared/types.ts';
import type { Clock } from '../clock.ts';
import { toIso } from '../clock.ts';
import { stmt } from '../db/statements.ts';
import { chainHead, sealRow, verifyAuditChain } from './audit-chain.ts';

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

export interface AuditRow {
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

/** The audit list of one user: it must search audit_events_by_user (test/server/database.test.ts). */
export const AUDIT_LIST_BY_USER = `SELECT * FROM audit_events WHERE user_id = @userId AND (@type IS NULL OR type = @type)
  ORDER BY id DESC LIMIT @limit`;

export class AuditLog {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #append;
  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    this.#append = db.transaction((entry: AuditEntry, source: AuditSource) => this.#insert(entry, source));
  }

  /**
   * Appends one event to the hash chain. It joins the caller's transaction when there is one;
   * otherwise it takes the write lock itself, so the newest row it links to cannot change
   * underneath it, in this process or another.
   */
  record(entry: AuditEntry, source: AuditSource = {}): void {
    // Inside the caller's transaction already: a savepoint of its own would add two statements.
    if (this.#db.inTransaction) this.#insert(entry, source);
    else this.#append.immediate(entry, source);
  }

  #insert(entry: AuditEntry, source: AuditSource): void {
    const head = chainHead(this.#db);
    const row = {
      id: head.id + 1,
      at: this.#clock.now(),
      type: entry.type,
      transport: source.transport ?? null,
      details: JSON.stringify(entry.details ?? {}),
    };
    const identity = {
      userId: entry.userId ?? null,
      sessionId: entry.sessionId ?? null,
      deviceId: entry.deviceId ?? null,
      ipAddress: source.ipAddress ?? null,
    };
    const sealed = sealRow(head.hash, row, identity);
    stmt(
      this.#db,
      `INSERT INTO audit_events (id, at, type, user_id, session_id, device_id, transport, ip_address, details,
                                 identity_salt, identity_hash, chain_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      row.id,
      row.at,
      row.type,
      identity.userId,
      identity.sessionId,
      identity.deviceId,
      row.transport,
      identity.ipAddress,
      row.details,
      sealed.salt,
      sealed.identityHash,
      sealed.chainHash,
    );
  }

  /** Whether the chain holds from its anchor to its newest row (admin.audit.verify). */
  verify(): AuditChainVerdict {
    return verifyAuditChain(this.#db);
  }

  list(filter: { userId?: number | undefined; type?: string | undefined; limit: number }): AuditEvent[] {
    // Two statements, not `@userId IS NULL OR …`: the OR would keep SQLite off the user index.
    const rows = (
      filter.userId === undefined
        ? stmt(
            this.#db,
            `SELECT * FROM audit_events WHERE (@type IS NULL OR type = @type) ORDER BY id DESC LIMIT @limit`,
          ).all({ type: filter.type ?? null, limit: filter.limit })
        : stmt(this.#db, AUDIT_LIST_BY_USER).all({
            userId: filter.userId,
            type: filter.type ?? null,
            limit: filter.limit,
          })
    ) as AuditRow[];
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
