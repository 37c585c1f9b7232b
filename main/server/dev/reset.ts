// Dev mode's reset (`dev.reset`): every row of every table goes, except the signing keys and sealed
// server secrets, so tokens stay verifiable by clients that cached the JWKS. The clock goes back to
// the real time and the server's live streams are told to end (main/server/live-events.ts).
import type { Db } from '../db/open.ts';
import type { Services } from '../services.ts';
import { devClock } from './clock.ts';

const KEEP = new Set(['signing_keys', 'server_secrets']);
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/i;

export function resetServer(services: Services): { reset: true; tables: string[] } {
  const tables = emptyDatabase(services.db);
  devClock(services.clock).reset();
  services.events.emit('reset');
  return { reset: true, tables };
}

export function emptyDatabase(db: Db): string[] {
  const tables = (
    db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{
      name: string;
    }>
  )
    .map((row) => row.name)
    .filter((name) => !KEEP.has(name));
  db.transaction(() => {
    // Foreign keys are checked at commit, when every referencing row is gone too.
    db.pragma('defer_foreign_keys = ON');
    for (const name of tables) {
      // Names come from sqlite_schema, not from a request; still, only plain identifiers pass.
      // An identifier cannot be a bound parameter: the one place SQL is assembled (R49).
      if (!IDENTIFIER.test(name)) throw new Error(`unexpected table name ${JSON.stringify(name)}`);
      // eslint-disable-next-line no-restricted-syntax
      db.prepare(`DELETE FROM "${name}"`).run();
    }
  }).immediate();
  if (db.name !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)');
  return tables;
}
