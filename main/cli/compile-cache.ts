// V8's code cache on disk (module.enableCompileCache): from the second start on, Node reads the
// CLI's compiled code instead of compiling it again at every `latchkey serve`.
// Node's default folder is kept, <tmpdir>/node-compile-cache, but used only if this user alone
// can write it: on Linux that is /tmp, where another account could create the folder first and
// plant entries, which are checked against the source (a CRC), not signed, and would run as us.
// NODE_COMPILE_CACHE (Node then enabled it already) and NODE_DISABLE_COMPILE_CACHE still decide.
// The cache is an optimisation: a folder it cannot use means no cache, never an error. The folder
// is this user's alone (0700; one of ours found looser is tightened), so nobody else reads it either.
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CompileCacheHost {
  env: NodeJS.ProcessEnv;
  getuid?: (() => number) | undefined;
  enable: (directory: string) => { directory?: string | undefined };
}

/** Turns the cache on in `directory`; answers the folder in use, or undefined. */
export function enablePrivateCompileCache(
  directory = join(tmpdir(), 'node-compile-cache'),
  host: CompileCacheHost = { env: process.env, getuid: process.getuid, enable: enableCompileCache },
): string | undefined {
  if (host.env.NODE_COMPILE_CACHE || host.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    if (!onlyWritableBy(directory, host.getuid)) return undefined;
    if (host.getuid !== undefined) chmodSync(directory, 0o700);
    return host.enable(directory).directory;
  } catch {
    return undefined;
  }
}

/** A real folder (not a link) of this user that nobody else may write; Windows has no uid. */
function onlyWritableBy(directory: string, getuid: (() => number) | undefined): boolean {
  const stats = lstatSync(directory);
  if (!stats.isDirectory()) return false;
  return getuid === undefined || (stats.uid === getuid() && (stats.mode & 0o022) === 0);
}
