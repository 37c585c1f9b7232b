// Installs bench/peer (better-auth) when it is missing or does not load under this Node. Part of
// `npm run bench` only; `npm test` and CI never need it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** True when the peer's packages load under this Node. */
export function peerInstalled(peerDir: string): boolean {
  if (!existsSync(join(peerDir, 'node_modules', 'better-auth'))) return false;
  const probe = spawnSync(
    process.execPath,
    ['-e', "require('better-sqlite3')(':memory:').close(); require.resolve('better-auth')"],
    { cwd: peerDir, stdio: 'ignore', timeout: 30_000 },
  );
  return probe.status === 0;
}

/** `npm ci` in the peer directory; returns an error text, or undefined on success. */
export function installPeer(peerDir: string, log: (line: string) => void): string | undefined {
  log('[bench] installing bench/peer (npm ci, pinned versions)');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: peerDir,
    stdio: ['ignore', 2, 2],
    timeout: 600_000,
  });
  if (result.status === 0 && peerInstalled(peerDir)) return undefined;
  return `npm ci in bench/peer failed (${result.error?.message ?? `exit ${result.status}`})`;
}
