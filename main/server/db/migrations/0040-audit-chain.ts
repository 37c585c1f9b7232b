// Tamper evidence for the audit log (docs/security.md R70; main/server/security/audit-chain.ts): every
// row gets a salted hash of who it is about and a hash linking it to the row before; the anchor
// keeps the chain's start once retention has deleted its oldest rows. Existing rows are sealed
// here, in id order, as if they had been appended with the chain.
// The hashing is a frozen copy of the chain's format as of this version: a migration never
// imports live code, which may change after it (tests check live verification accepts it).
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';

const GENESIS: Buffer = Buffer.alloc(32);
const SALT_BYTES = 16;

const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

function sealRow(previous: Uint8Array, row: Row): { salt: Buffer; identityHash: Buffer; chainHash: Buffer } {
  const salt = randomBytes(SALT_BYTES);
  const identity = JSON.stringify([row.user_id, row.session_id, row.device_id, row.ip_address]);
  const identityHash = sha256(Buffer.concat([salt, Buffer.from(identity)]));
  const canonical = JSON.stringify([
    row.id,
    row.at,
    row.type,
    row.transport,
    row.details,
    identityHash.toString('hex'),
  ]);
  return { salt, identityHash, chainHash: sha256(Buffer.concat([previous, Buffer.from(canonical)])) };
}

interface Row {
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

export default function migrate(db: Database): void {
  db.exec(`
    ALTER TABLE audit_events ADD COLUMN identity_salt BLOB;
    ALTER TABLE audit_events ADD COLUMN identity_hash BLOB;
    ALTER TABLE audit_events ADD COLUMN chain_hash BLOB;
    ALTER TABLE audit_events ADD COLUMN redacted_at INTEGER;
    CREATE INDEX audit_events_by_age ON audit_events(at);

    CREATE TABLE audit_chain_anchor (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      pruned_through INTEGER NOT NULL,
      hash BLOB NOT NULL
    ) STRICT;
  `);
  const seal = db.prepare('UPDATE audit_events SET identity_salt = ?, identity_hash = ?, chain_hash = ? WHERE id = ?');
  const rows = db.prepare('SELECT * FROM audit_events ORDER BY id').all() as Row[];
  let previous = GENESIS;
  for (const row of rows) {
    const sealed = sealRow(previous, row);
    seal.run(sealed.salt, sealed.identityHash, sealed.chainHash, row.id);
    previous = sealed.chainHash;
  }
}
