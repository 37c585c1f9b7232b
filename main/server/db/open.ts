// Opens the auth database with the settings security depends on (docs/architecture.md, docs/security.md R62,
// R66): refuses a newer schema before writing a byte, refuses a damaged file, then migrates.
import Database from 'better-sqlite3';
import { DatabaseCorruptError, DatabaseFromFutureError } from './errors.ts';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index.ts';

export type Db = Database.Database;

export function openDatabase(path: string): Db {
  let db: Db;
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
    configure(db);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw asCorruption(error) ?? error;
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
function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = MIGRATIONS.filter((migration) => migration.version > current);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const migration of pending) migration.up(db);
    db.pragma(`user_version = ${LATEST_VERSION}`);
  }).immediate();
}

const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX']);

function asCorruption(error: unknown): DatabaseCorruptError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CORRUPTION_CODES.has(code)) {
    return new DatabaseCorruptError(code, { cause: error });
  }
  return undefined;
}
