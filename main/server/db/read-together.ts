// Several reads in one read transaction. In WAL mode every read transaction takes and drops a lock
// on the shared-memory file (fcntl), which costs a hot path more than its primary-key reads, so a
// few reads together take one lock instead of one each. Inside a transaction already, the reads
// simply join it.
import type { Db } from './open.ts';

const readers = new WeakMap<Db, (read: () => unknown) => unknown>();

export function readTogether<T>(db: Db, read: () => T): T {
  if (db.inTransaction) return read();
  let run = readers.get(db);
  if (!run) readers.set(db, (run = db.transaction((inner: () => unknown) => inner())));
  return run(read) as T;
}
