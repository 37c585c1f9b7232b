// Installs bench's own packages (bench/package.json: the load generator) into bench/node_modules
// when they are missing, so the product's `npm ci` never carries them. `npm run bench` and
// `npm run typecheck` run this first; the peer server (bench/peer) installs itself when the bench
// first needs it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

/** True when every dependency bench/package.json names is in bench/node_modules. */
export function benchInstalled(dir = BENCH_DIR): boolean {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(pkg.dependencies ?? {}).every((name) =>
    existsSync(join(dir, 'node_modules', name, 'package.json')),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url) && !benchInstalled()) {
  console.error('[bench] installing bench/ (npm ci, pinned versions)');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: BENCH_DIR, stdio: ['ignore', 2, 2] });
  if (result.status !== 0 || !benchInstalled()) {
    console.error(`[bench] npm ci in bench/ failed (${result.error?.message ?? `exit ${result.status}`})`);
    process.exitCode = 1;
  }
}
