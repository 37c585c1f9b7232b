// The mail outbox table: every message any transport handles is recorded here first. With the
// `outbox` transport this is the mailbox itself (a kiosk, the dev inbox or a test reads it);
// after an SMTP attempt the body and code are wiped so no plain code outlives its delivery.
import type { Db } from '../db/open.ts';
import type { OutboxMessage, OutgoingMail } from '../services.ts';
import { stmt } from '../db/statements.ts';
import { toIso } from '../clock.ts';
import { normalizeEmail } from '../accounts/users.ts';

interface OutboxRow {
  id: number;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  code: string | null;
  created_at: number;
  sent_at: number | null;
}

export function insertOutboxMessage(db: Db, mail: OutgoingMail, transport: string, now: number): number {
  const result = stmt(
    db,
    `INSERT INTO mail_outbox (to_address, to_normalized, subject, text_body, html_body, code, transport, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(mail.to, normalizeEmail(mail.to), mail.subject, mail.text, mail.html, mail.code ?? null, transport, now);
  return Number(result.lastInsertRowid);
}

export function listOutbox(
  db: Db,
  filter: { email?: string | undefined; limit?: number | undefined },
): OutboxMessage[] {
  const columns = 'id, to_address, subject, text_body, html_body, code, created_at, sent_at';
  const limit = filter.limit ?? 50;
  // Two statements, not `@email IS NULL OR …`: the OR would keep SQLite off the recipient index.
  const rows = (
    filter.email === undefined
      ? stmt(db, `SELECT ${columns} FROM mail_outbox ORDER BY id DESC LIMIT ?`).all(limit)
      : stmt(db, `SELECT ${columns} FROM mail_outbox WHERE to_normalized = ? ORDER BY id DESC LIMIT ?`).all(
          normalizeEmail(filter.email),
          limit,
        )
  ) as OutboxRow[];
  return rows.map((row) => ({
    id: row.id,
    to: row.to_address,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    code: row.code,
    createdAt: toIso(row.created_at),
    sentAt: row.sent_at === null ? null : toIso(row.sent_at),
  }));
}

export function outboxMessageExists(db: Db, id: number): boolean {
  return stmt(db, 'SELECT 1 FROM mail_outbox WHERE id = ?').get(id) !== undefined;
}

export function markOutboxSent(db: Db, id: number, now: number): boolean {
  return stmt(db, 'UPDATE mail_outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL').run(now, id).changes === 1;
}

/** After an SMTP attempt: keep who, when and whether it worked, never the body or code. */
export function closeOutboxMessage(
  db: Db,
  id: number,
  outcome: { sentAt?: number; failedAt?: number; error?: string },
) {
  const now = outcome.sentAt ?? outcome.failedAt ?? 0;
  stmt(
    db,
    `UPDATE mail_outbox SET sent_at = ?, failed_at = ?, error = ?, text_body = '', html_body = '', code = NULL,
       redacted_at = ? WHERE id = ?`,
  ).run(outcome.sentAt ?? null, outcome.failedAt ?? null, outcome.error ?? null, now, id);
}

export function purgeOutbox(db: Db, olderThan: number): number {
  return stmt(db, 'DELETE FROM mail_outbox WHERE created_at < ?').run(olderThan).changes;
}
