// The mail outbox table: every message any transport handles is recorded here first. With the
// `outbox` transport this is the mailbox itself (a kiosk, the dev inbox, `latchkey outbox` or a
// test reads it). The text, HTML and code are sealed by the data key (docs/security.md R71): a copy
// of the database files alone shows no live code. After an SMTP attempt the sealed part is wiped.
import type { Db } from '../db/open.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { OutboxMessage, OutgoingMail } from '../services.ts';
import { stmt } from '../db/statements.ts';
import { toIso } from '../clock.ts';
import { normalizeEmail } from '../accounts/users.ts';

interface OutboxRow {
  id: number;
  to_address: string;
  subject: string;
  sealed: Buffer | null;
  created_at: number;
  sent_at: number | null;
}

/** What `sealed` holds. Subjects stay in the open: no mail puts its code in the subject. */
interface SealedPart {
  text: string;
  html: string;
  code: string | null;
  /** Absent in messages written before purposes were kept. */
  purpose?: string | null;
  /** The magic link the message carries; absent in messages written before links existed. */
  link?: string | null;
}

export function insertOutboxMessage(
  db: Db,
  box: SecretBox,
  mail: OutgoingMail,
  transport: string,
  now: number,
): number {
  const part: SealedPart = {
    text: mail.text,
    html: mail.html,
    code: mail.code ?? null,
    purpose: mail.purpose ?? null,
    link: mail.link ?? null,
  };
  const sealed = box.seal(Buffer.from(JSON.stringify(part)));
  const result = stmt(
    db,
    `INSERT INTO mail_outbox (to_address, to_normalized, subject, sealed, transport, created_at, user_id)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(mail.to, normalizeEmail(mail.to), mail.subject, sealed, transport, now, mail.userId ?? null);
  return Number(result.lastInsertRowid);
}

/** Newest first, opened with the data key; a redacted message has an empty body and no code. */
export function listOutbox(
  db: Db,
  box: SecretBox,
  filter: { email?: string | undefined; limit?: number | undefined },
): OutboxMessage[] {
  const limit = filter.limit ?? 50;
  // Two statements, not `@email IS NULL OR …`: the OR would keep SQLite off the recipient index.
  const rows = (
    filter.email === undefined
      ? stmt(
          db,
          `SELECT id, to_address, subject, sealed, created_at, sent_at FROM mail_outbox
           ORDER BY id DESC LIMIT ?`,
        ).all(limit)
      : stmt(
          db,
          `SELECT id, to_address, subject, sealed, created_at, sent_at FROM mail_outbox
           WHERE to_normalized = ? ORDER BY id DESC LIMIT ?`,
        ).all(normalizeEmail(filter.email), limit)
  ) as OutboxRow[];
  return rows.map((row) => {
    const part: SealedPart = row.sealed
      ? (JSON.parse(box.open(row.sealed).toString()) as SealedPart)
      : { text: '', html: '', code: null };
    return {
      id: row.id,
      to: row.to_address,
      subject: row.subject,
      ...part,
      purpose: part.purpose ?? null,
      link: part.link ?? null,
      createdAt: toIso(row.created_at),
      sentAt: row.sent_at === null ? null : toIso(row.sent_at),
    };
  });
}

export function outboxMessageExists(db: Db, id: number): boolean {
  return stmt(db, 'SELECT 1 FROM mail_outbox WHERE id = ?').get(id) !== undefined;
}

export function markOutboxSent(db: Db, id: number, now: number): boolean {
  return stmt(db, 'UPDATE mail_outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL').run(now, id).changes === 1;
}

/** After an SMTP attempt: keep who, when and whether it worked, not even the sealed body and code. */
export function closeOutboxMessage(
  db: Db,
  id: number,
  outcome: { sentAt?: number; failedAt?: number; error?: string },
) {
  const now = outcome.sentAt ?? outcome.failedAt ?? 0;
  stmt(
    db,
    'UPDATE mail_outbox SET sent_at = ?, failed_at = ?, error = ?, sealed = NULL, redacted_at = ? WHERE id = ?',
  ).run(outcome.sentAt ?? null, outcome.failedAt ?? null, outcome.error ?? null, now, id);
}

export function purgeOutbox(db: Db, olderThan: number): number {
  return stmt(db, 'DELETE FROM mail_outbox WHERE created_at < ?').run(olderThan).changes;
}
