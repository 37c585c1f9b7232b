// Admin commands never create a database (docs/cli.md): nor do they turn another program's SQLite
// file into one by writing Latchkey's schema and a new key file beside it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/server.ts';
import { cliInProcess, fastConfig } from '../helpers/cli.ts';

describe('latchkey admin commands on a SQLite file that is not Latchkey’s', () => {
  it('are refused with one line, and the file is left as it was', async () => {
    const dir = tempDir();
    const config = fastConfig(dir);
    const foreign = join(dir, 'notes.db');
    const other = new Database(foreign);
    other.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine')");
    other.close();
    const before = readFileSync(foreign);
    expect(await cliInProcess('users', 'list', '--db', foreign, '--config', config)).toEqual({
      code: 1,
      stdout: '',
      stderr: `latchkey: error: ${foreign} is not a Latchkey database (no Latchkey schema in it): pass the --db FILE latchkey serve created`,
    });
    expect(readFileSync(foreign).equals(before)).toBe(true);
    expect(existsSync(`${foreign}.key`)).toBe(false);
  });
});
