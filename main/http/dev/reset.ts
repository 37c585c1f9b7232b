// Dev mode's reset: every row of every table goes, except the signing keys and sealed server
// secrets, so tokens stay verifiable by clients that cached the JWKS.
import type { Db } from '../../server/db/open.ts';

const KEEP = new Set(['signing_keys', 'server_secrets']);
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/i;

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
