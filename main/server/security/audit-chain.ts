// The audit log's hash chain (docs/security.md R70): each row stores
//   chain_hash = sha256(previous row's chain_hash ‖ canonical row)
// so editing, inserting or removing a row breaks every link after it. Two legitimate changes must
// not break it:
// - Account deletion (R67) redacts who a row is about. The columns that identify someone (user,
//   session, device, address) enter the chain only through identity_hash = sha256(salt ‖ them),
//   with a random salt per row; redaction nulls them and the salt, keeping the hash, so the chain
//   still verifies while nothing (not even a guessable hash) links the row to the person.
// - Retention (R68) deletes the oldest rows; the anchor keeps the last deleted row's hash, and the
//   chain continues from it.
// An attacker who can write the file can still recompute the whole chain or cut its newest rows;
// catching that needs the head hash kept elsewhere (see docs/operations.md, "The audit log").
import type { Db } from '../db/open.ts';
import { constantTimeEqual, pooledRandomBytes, sha256 } from '../crypto/random.ts';
import { stmt } from '../db/statements.ts';
import type { AuditChainVerdict } from '../../../shared/types.ts';
import type { AuditRow } from './audit.ts';

/** What the first row links to. */
export const GENESIS: Buffer = Buffer.alloc(32);
const SALT_BYTES = 16;

/** The parts of a row the chain covers; identity fields are covered through identityHash. */
export interface ChainedFields {
  id: number;
  at: number;
  type: string;
  transport: string | null;
  /** The stored JSON text, hashed exactly as stored. */
  details: string;
}

export interface Identity {
  userId: number | null;
  sessionId: string | null;
  deviceId: string | null;
  ipAddress: string | null;
}

export function identityHash(salt: Uint8Array, identity: Identity): Buffer {
  const fields = JSON.stringify([identity.userId, identity.sessionId, identity.deviceId, identity.ipAddress]);
  return sha256(Buffer.concat([salt, Buffer.from(fields)]));
}

export function chainHash(previous: Uint8Array, row: ChainedFields, identity: Uint8Array): Buffer {
  const canonical = JSON.stringify([
    row.id,
    row.at,
    row.type,
    row.transport,
    row.details,
    Buffer.from(identity).toString('hex'),
  ]);
  return sha256(Buffer.concat([previous, Buffer.from(canonical)]));
}

/** The id and hash a new row continues from: the newest row, else the pruning anchor, else genesis. */
export function chainHead(db: Db): { id: number; hash: Buffer } {
  const last = stmt(db, 'SELECT id, chain_hash FROM audit_events ORDER BY id DESC LIMIT 1').get() as
    { id: number; chain_hash: Buffer | null } | undefined;
  if (last) return { id: last.id, hash: last.chain_hash ?? GENESIS };
  const anchor = stmt(db, 'SELECT pruned_through, hash FROM audit_chain_anchor WHERE id = 1').get() as
    { pruned_through: number; hash: Buffer } | undefined;
  return anchor ? { id: anchor.pruned_through, hash: anchor.hash } : { id: 0, hash: GENESIS };
}

/** Salt and hashes for a row about to be appended after `previous`. */
export function sealRow(
  previous: Uint8Array,
  row: ChainedFields,
  identity: Identity,
): { salt: Buffer; identityHash: Buffer; chainHash: Buffer } {
  const salt = pooledRandomBytes(SALT_BYTES);
  const identityDigest = identityHash(salt, identity);
  return { salt, identityHash: identityDigest, chainHash: chainHash(previous, row, identityDigest) };
}

interface StoredRow extends AuditRow {
  identity_salt: Buffer | null;
  identity_hash: Buffer | null;
  chain_hash: Buffer | null;
}

/** Walks the whole chain from its anchor; reports the first row that does not hold. */
export function verifyAuditChain(db: Db): AuditChainVerdict {
  const anchor = stmt(db, 'SELECT pruned_through, hash FROM audit_chain_anchor WHERE id = 1').get() as
    { pruned_through: number; hash: Buffer } | undefined;
  let previous: Buffer = anchor?.hash ?? GENESIS;
  let rows = 0;
  let headId: number | null = null;
  for (const row of db.prepare('SELECT * FROM audit_events ORDER BY id').iterate() as IterableIterator<StoredRow>) {
    rows += 1;
    const problem = checkRow(row, previous, anchor?.pruned_through ?? 0);
    if (problem) return { ok: false, firstBadId: row.id, reason: problem, checked: rows };
    previous = row.chain_hash!;
    headId = row.id;
  }
  return { ok: true, checked: rows, headId, prunedThrough: anchor?.pruned_through ?? null };
}

type Problem = Extract<AuditChainVerdict, { ok: false }>['reason'];

function checkRow(row: StoredRow, previous: Buffer, prunedThrough: number): Problem | undefined {
  if (!row.identity_hash || !row.chain_hash) return 'not_sealed';
  if (row.id <= prunedThrough) return 'chain_broken';
  const identity: Identity = {
    userId: row.user_id,
    sessionId: row.session_id,
    deviceId: row.device_id,
    ipAddress: row.ip_address,
  };
  if (row.identity_salt === null) {
    // Redacted: nothing that identifies anyone may be left (or put back) in it.
    if (Object.values(identity).some((value) => value !== null)) return 'identity_changed';
  } else if (!constantTimeEqual(identityHash(row.identity_salt, identity), row.identity_hash)) {
    return 'identity_changed';
  }
  return constantTimeEqual(chainHash(previous, row, row.identity_hash), row.chain_hash) ? undefined : 'chain_broken';
}

/**
 * Account deletion: every row about the user (by id, by one of their sessions, or by one of their
 * devices in rows that name no user) keeps what happened and when, but no longer who or where.
 * Run it in the deletion's transaction, before the user's sessions and devices are deleted.
 */
export function redactUserEvents(db: Db, userId: number, now: number): number {
  return stmt(
    db,
    `UPDATE audit_events SET user_id = NULL, session_id = NULL, device_id = NULL, ip_address = NULL,
       identity_salt = NULL, redacted_at = @now
     WHERE user_id = @userId
        OR session_id IN (SELECT id FROM sessions WHERE user_id = @userId)
        OR (user_id IS NULL AND device_id IN (SELECT public_id FROM devices WHERE user_id = @userId))`,
  ).run({ userId, now }).changes;
}

/**
 * Retention: deletes the oldest rows, up to (not including) the first one at or after `before`,
 * and moves the anchor to the last deleted row, so the chain verifies from there. Newer rows are
 * never deleted, even if the clock once went backwards. Returns how many rows went.
 */
export function pruneAuditEvents(db: Db, before: number): number {
  return db
    .transaction(() => {
      const keepFrom = stmt(db, 'SELECT min(id) AS id FROM audit_events WHERE at >= ?').get(before) as {
        id: number | null;
      };
      const last = stmt(db, 'SELECT id, chain_hash FROM audit_events WHERE id < ? ORDER BY id DESC LIMIT 1').get(
        keepFrom.id ?? Number.MAX_SAFE_INTEGER,
      ) as { id: number; chain_hash: Buffer | null } | undefined;
      if (!last) return 0;
      const removed = stmt(db, 'DELETE FROM audit_events WHERE id <= ?').run(last.id).changes;
      stmt(
        db,
        `INSERT INTO audit_chain_anchor (id, pruned_through, hash) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET pruned_through = excluded.pruned_through, hash = excluded.hash`,
      ).run(last.id, last.chain_hash ?? GENESIS);
      return removed;
    })
    .immediate();
}
