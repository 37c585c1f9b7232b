// Group commit: the durability of synchronous=FULL without an fsync per transaction on the main
// thread (docs/architecture.md, docs/security.md R62). Transactions commit with synchronous=NORMAL, which in
// WAL mode keeps the database consistent but lets the last commits roll back after a power cut;
// then, before any procedure answers, `durable()` flushes the WAL file to disk on libuv's thread
// pool. Commits made while a flush is in flight share the next one, so sixteen concurrent
// sign-ins cost one or two fsyncs instead of sixteen, and the event loop never waits for the disk.
// Nothing is acknowledged before it is on disk: a reply that read someone else's commit waits for
// that commit's flush too, because the barrier covers every change this connection has made.
import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs';
import type { Statement } from 'better-sqlite3';
import type { Db } from './open.ts';

export interface CommitBarrier {
  /** Resolves once every change committed so far is on disk (at once when nothing is pending). */
  durable(): Promise<void>;
  /** Whether commits are flushed here (false: each commit syncs itself, or the database is in memory). */
  readonly grouped: boolean;
  /** Flushes what is pending and lets go of the WAL file; call before closing the database. */
  close(): Promise<void>;
}

/** How the WAL file is flushed; tests hold it to watch commits wait. */
export type FlushFile = (fd: number) => Promise<void>;

const flushWithFdatasync: FlushFile = (fd) =>
  new Promise((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));

/**
 * Switches a file database in WAL mode to group commit. A database without a WAL file to flush
 * (`:memory:`, another journal mode) keeps synchronous=FULL and gets a barrier that never waits.
 */
export function groupCommit(db: Db, flushFile: FlushFile = flushWithFdatasync): CommitBarrier {
  const wal = walFile(db);
  if (wal === undefined) return immediate;
  let fd: number;
  try {
    // r+: Windows flushes only through a handle that may write.
    fd = openSync(wal, 'r+');
  } catch {
    return immediate;
  }
  db.pragma('synchronous = NORMAL');
  return new WalFlusher(db, fd, flushFile);
}

const immediate: CommitBarrier = { durable: async () => {}, grouped: false, close: async () => {} };

function walFile(db: Db): string | undefined {
  if (db.memory) return undefined;
  const mode = db.pragma('journal_mode', { simple: true });
  return mode === 'wal' ? `${db.name}-wal` : undefined;
}

class WalFlusher implements CommitBarrier {
  readonly grouped = true;
  readonly #db: Db;
  readonly #fd: number;
  readonly #flushFile: FlushFile;
  /** sqlite3_total_changes(): rows this connection has written since it opened. */
  readonly #changes: Statement;
  /** Changes known to be on disk. */
  #flushed: number;
  #inFlight: Promise<void> | undefined;
  /**
   * A failed flush poisons the barrier for good: Linux may drop the dirty pages and report the
   * next fsync as a success, so nothing written since can be promised durable (PostgreSQL's rule).
   */
  #failure: Error | undefined;
  /** Set by close(): later answers wait for its last flush. */
  #closing: Promise<void> | undefined;

  constructor(db: Db, fd: number, flushFile: FlushFile) {
    this.#db = db;
    this.#fd = fd;
    this.#flushFile = flushFile;
    this.#changes = db.prepare('SELECT total_changes()').pluck();
    // Whatever was written before group commit began (migrations) was synced by its own commit.
    this.#flushed = this.#total();
  }

  async durable(): Promise<void> {
    for (;;) {
      if (this.#failure) throw this.#failure;
      if (this.#closing) return this.#closing;
      const written = this.#total();
      if (written <= this.#flushed) return;
      // A flush already running may have started before our commit: wait, then look again.
      if (this.#inFlight) await this.#inFlight;
      else await (this.#inFlight = this.#flush(written));
    }
  }

  async #flush(upTo: number): Promise<void> {
    try {
      await this.#flushFile(this.#fd);
      this.#flushed = Math.max(this.#flushed, upTo);
    } catch (error) {
      this.#failure = new Error('the database could not be flushed to disk', { cause: error });
      throw this.#failure;
    } finally {
      this.#inFlight = undefined;
    }
  }

  #total(): number {
    return this.#changes.get() as number;
  }

  close(): Promise<void> {
    this.#closing ??= this.#finish();
    return this.#closing;
  }

  async #finish(): Promise<void> {
    await this.#inFlight?.catch(() => {});
    if (!this.#failure && this.#total() > this.#flushed) fdatasyncSync(this.#fd);
    closeSync(this.#fd);
    // Closing the connection checkpoints the WAL into the database: let that sync as before.
    this.#db.pragma('synchronous = FULL');
  }
}
