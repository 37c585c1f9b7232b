// The database's data key, checked at start (docs/security.md R72): a database that holds sealed
// data (signing keys, TOTP secrets, server secrets, outbox mail) is never given a new key, and a
// key that does not open its data stops the start with one line, not a failing sign-in later.
// A small sealed check value in `data_key_check` proves the key; older databases are proven with
// the sealed rows they already hold.
import { existsSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Db } from '../db/open.ts';
import { DATA_KEY_BYTES, ephemeralSecretBox, keyFileSecretBox, type SecretBox } from './secret-box.ts';

const CHECK_VALUE = 'latchkey data key check v1';

/** Where each kind of sealed data lives: a table and its sealed column. */
const SEALED_COLUMNS: ReadonlyArray<readonly [table: string, column: string]> = [
  ['data_key_check', 'sealed'],
  ['signing_keys', 'private_jwk_sealed'],
  ['server_secrets', 'sealed'],
  ['totp_factors', 'secret_sealed'],
  ['mail_outbox', 'sealed'],
];

/** The key file is missing, or does not open the data this database holds. */
export class DataKeyError extends Error {
  override name = 'DataKeyError';
  readonly code: 'DATA_KEY_MISSING' | 'DATA_KEY_WRONG';
  constructor(code: DataKeyError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

const restoreHint = (keyFile: string) =>
  `restore it: copy the key file saved with the backup (<backup>.key, written by \`latchkey backup\`) to ${keyFile}, then start again`;

/**
 * The secret box for `database`: `given` (the app's OS-wrapped key, tests), else the key file
 * `<database>.key`, created only for a database that holds nothing sealed yet. Either way the key
 * must open the database's sealed data. Runs before the database is configured or migrated, and
 * only reads it: a database refused here is left byte for byte as it was.
 */
export function openDataKey(db: Db, database: string, given?: SecretBox): SecretBox {
  const keyFile = `${database}.key`;
  let box: SecretBox;
  if (given) box = given;
  else if (database === ':memory:') box = ephemeralSecretBox();
  else {
    let size = existsSync(keyFile) ? statSync(keyFile).size : undefined;
    // A key file left empty by a first start that stopped between creating and writing it sealed
    // nothing: with nothing sealed yet, a new key loses nothing.
    if (size === 0 && !holdsSealedData(db)) {
      rmSync(keyFile);
      size = undefined;
    }
    if (size === undefined && holdsSealedData(db)) {
      throw new DataKeyError(
        'DATA_KEY_MISSING',
        `The key file ${keyFile} is missing, and ${database} holds data sealed with it; ${restoreHint(keyFile)}.`,
      );
    }
    if (size !== undefined && size !== DATA_KEY_BYTES) {
      throw new DataKeyError(
        'DATA_KEY_WRONG',
        `The key file ${keyFile} is not a data key (${size} bytes, ${DATA_KEY_BYTES} expected); ${restoreHint(keyFile)}.`,
      );
    }
    box = keyFileSecretBox(keyFile);
  }
  if (!opensSealedData(db, box)) {
    const [subject, hint] = given
      ? ['The data key', 'start with the key this database was sealed with']
      : [`The key file ${keyFile}`, restoreHint(keyFile)];
    throw new DataKeyError(
      'DATA_KEY_WRONG',
      `${subject} does not open the data sealed in ${database} (it belongs to another database); ${hint}.`,
    );
  }
  return box;
}

/** After migrating: the sealed check value later starts prove the key with (kept if present). */
export function recordDataKeyCheck(db: Db, box: SecretBox, now: number): void {
  if (sampleOf(db, 'data_key_check', 'sealed') !== undefined) return;
  db.prepare('INSERT OR IGNORE INTO data_key_check (id, sealed, created_at) VALUES (1, ?, ?)').run(
    box.seal(Buffer.from(CHECK_VALUE)),
    now,
  );
}

/**
 * For a caller that picks the key before the server opens the database (the Electron app): stops
 * before a new key is made for a database file that already holds sealed data. A file it cannot
 * read is left to the server's own check at open.
 */
export function refuseNewKeyFor(database: string, keyFiles: string[]): void {
  if (!existsSync(database)) return;
  if (!readsAsSealed(database)) return;
  const keyFile = keyFiles.at(-1) ?? `${database}.key`;
  throw new DataKeyError(
    'DATA_KEY_MISSING',
    `The key file ${keyFiles.join(' or ')} is missing, and ${database} holds data sealed with it; ${restoreHint(keyFile)}.`,
  );
}

function readsAsSealed(database: string): boolean {
  try {
    const db = new Database(database, { readonly: true, fileMustExist: true });
    try {
      return holdsSealedData(db);
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

function holdsSealedData(db: Db): boolean {
  return SEALED_COLUMNS.some(([table, column]) => sampleOf(db, table, column) !== undefined);
}

/** True when the check value (or, before there is one, any sealed row) opens with `box`. */
function opensSealedData(db: Db, box: SecretBox): boolean {
  for (const [table, column] of SEALED_COLUMNS) {
    const sealed = sampleOf(db, table, column);
    if (sealed === undefined) continue;
    try {
      const plain = box.open(sealed);
      return table !== 'data_key_check' || plain.toString() === CHECK_VALUE;
    } catch {
      return false;
    }
  }
  return true; // nothing sealed yet: any key will do, and the check value is written after migrating
}

/** One sealed value of `table.column`, if the table (at this schema version) has any. */
function sampleOf(db: Db, table: string, column: string): Buffer | undefined {
  const exists = db.prepare('SELECT 1 FROM pragma_table_info(?) WHERE name = ?').get(table, column);
  if (!exists) return undefined;
  // Table and column names come from the constant above, never from input.
  // eslint-disable-next-line no-restricted-syntax
  const row = db.prepare(`SELECT ${column} AS sealed FROM ${table} WHERE ${column} IS NOT NULL LIMIT 1`).get() as
    { sealed: Buffer } | undefined;
  return row?.sealed;
}
