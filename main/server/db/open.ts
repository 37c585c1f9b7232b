// Opens the auth database with the settings security depends on (docs/architecture.md, docs/security.md R62,
// R66): refuses a newer schema before writing a byte, refuses a damaged file, then migrates.
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseCorruptError, DatabaseFromFutureError } from './errors.ts';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index.ts';
import { privateFile, privateFolder, tightenFile } from '../private-files.ts';

export type Db = Database.Database;

export interface OpenOptions {
  /** Runs after the read-only checks and before anything is written (the data key check). */
  beforeChanges?: (db: Db) => void;
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  let db: Db;
  if (path !== ':memory:' && path !== '') makePrivate(path);
  try {
    db = new Database(path);
  } catch (error) {
    throw asCorruption(error) ?? error;
  }
  try {
    checkVersion(db);
    // Check before configuring: switching to WAL rewrites the header, and a damaged file must be
    // refused exactly as found (R66).
    checkIntegrity(db);
    options.beforeChanges?.(db);
    configure(db);
    if (migrate(db)) dropOldPages(db);
    return db;
  } catch (error) {
    db.close();
    throw asCorruption(error) ?? error;
  }
}

/**
 * The database and its sidecars are 0600 before SQLite touches them (docs/security.md R71): SQLite
 * creates -wal and -shm with the database file's mode, so they follow; loose ones are tightened.
 */
function makePrivate(path: string): void {
  // A missing folder is created 0700, as `latchkey serve` does (docs/security.md R71).
  privateFolder(dirname(path));
  privateFile(path);
  for (const sidecar of ['-wal', '-shm', '-journal']) tightenFile(`${path}${sidecar}`);
}

/**
 * Whether an existing file already carries a migrated schema (`user_version` above 0), read
 * without writing or changing its mode: admin commands give another program's SQLite file neither
 * Latchkey's tables nor a key file (docs/cli.md). A file SQLite cannot read answers true, and
 * openDatabase's own checks then name the problem.
 */
export function holdsSchema(path: string): boolean {
  let db: Db | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    return (db.pragma('user_version', { simple: true }) as number) > 0;
  } catch {
    return true;
  } finally {
    db?.close();
  }
}

function checkVersion(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > LATEST_VERSION) throw new DatabaseFromFutureError(version, LATEST_VERSION);
}

function configure(db: Db): void {
  db.pragma('busy_timeout = 5000');
  if (db.name !== ':memory:') db.pragma('journal_mode = WAL');
  // FULL: a committed revocation, rotation or lockout must survive a power cut.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
}

function checkIntegrity(db: Db): void {
  const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
  const problems = rows.map((row) => row.quick_check).filter((line) => line !== 'ok');
  if (problems.length > 0) throw new DatabaseCorruptError(problems.slice(0, 3).join('; '));
}

/** Applies every pending migration in one transaction, then records the version reached. */
function migrate(db: Db): boolean {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = MIGRATIONS.filter((migration) => migration.version > current);
  if (pending.length === 0) return false;
  db.transaction(() => {
    for (const migration of pending) migration.up(db);
    db.pragma(`user_version = ${LATEST_VERSION}`);
  }).immediate();
  return true;
}

/**
 * A migration may remove what must not stay on disk (0090: plaintext outbox mail). secure_delete
 * zeroes the freed space in the database file; the WAL still holds the old pages until it is
 * checkpointed and truncated, which happens here rather than at some later checkpoint.
 */
function dropOldPages(db: Db): void {
  if (db.name !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)');
}

const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX']);

function asCorruption(error: unknown): DatabaseCorruptError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CORRUPTION_CODES.has(code)) {
    return new DatabaseCorruptError(code, { cause: error });
  }
  return undefined;
}
