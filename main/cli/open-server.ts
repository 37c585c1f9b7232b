// Where the CLI's auth server comes from: --config (JSON), --db or LATCHKEY_DB, and the default
// ./.latchkey/latchkey.db. Admin commands refuse to create a database by accident.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createAuthServer, type AuthServer, type AuthServerOptions } from '../server/server.ts';
import type { ServerConfigInput } from '../server/config.ts';
import { privateFolder } from '../server/private-files.ts';
import { holdsSchema } from '../server/db/open.ts';

export const DEFAULT_DATABASE = join('.latchkey', 'latchkey.db');

export interface StoreOptions {
  db?: string | undefined;
  config?: string | undefined;
}

export function loadConfig(file: string | undefined): ServerConfigInput {
  if (!file) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`cannot read config file ${file}`);
  }
  try {
    return JSON.parse(text) as ServerConfigInput;
  } catch {
    throw new Error(`config file ${file} is not valid JSON`);
  }
}

export function resolveDatabase(flag: string | undefined, config: ServerConfigInput): string {
  return flag ?? process.env.LATCHKEY_DB ?? config.database ?? DEFAULT_DATABASE;
}

/** The database and config to serve; creates the database's folder (0700) on first run. */
export function serveConfig(options: StoreOptions): ServerConfigInput {
  const config = loadConfig(options.config);
  const database = resolveDatabase(options.db, config);
  if (database !== ':memory:') privateFolder(dirname(database));
  return { ...config, database };
}

/** An auth server on an existing database, for admin commands. */
export function openExisting(options: StoreOptions, serverOptions: AuthServerOptions = {}): AuthServer {
  const config = loadConfig(options.config);
  const database = resolveDatabase(options.db, config);
  // An empty file is no database either: opening it would write a new schema and a new key file.
  const empty = database !== ':memory:' && existsSync(database) && statSync(database).size === 0;
  if (database === ':memory:' || !existsSync(database) || empty) {
    throw new Error(
      `no database at ${database}${empty ? ': the file is empty' : ''} (pass --db FILE or set LATCHKEY_DB)`,
    );
  }
  if (!holdsSchema(database)) {
    throw new Error(
      `${database} is not a Latchkey database (no Latchkey schema in it): pass the --db FILE latchkey serve created`,
    );
  }
  return createAuthServer({ ...config, database }, serverOptions);
}
