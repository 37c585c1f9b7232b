// Bundles the `latchkey` CLI into dist/cli/latchkey.mjs, the package's bin: one file to read and
// compile instead of some 340 modules and their type stripping, so `latchkey serve` starts in a
// fraction of the time (`npm run serve` builds it first; esbuild takes well under a second). The
// same code as main/cli.ts, which still runs as is. Packages that load their own files stay in
// node_modules: better-sqlite3 (a native addon), svg-captcha (fonts beside its code), and those
// loaded on first use through main/server/lazy-require.ts.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { workerUrl } from './build-electron.ts';
import { builtinsWithoutFacade } from './builtin-modules.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export const CLI_BUNDLE = 'dist/cli/latchkey.mjs';

export async function buildCli(): Promise<void> {
  // Chunk names change with their content: start clean rather than pile up old ones.
  rmSync(join(root, 'dist', 'cli'), { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    // The noble backend loads its worker from beside its own code, which lands in chunks/.
    entryPoints: { latchkey: 'main/cli.ts', 'chunks/argon2-worker': 'main/server/crypto/argon2-worker.ts' },
    outdir: 'dist/cli',
    outExtension: { '.js': '.mjs' },
    // The entry stays a few lines: `serve` may restart itself before loading the rest.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    external: ['better-sqlite3', 'svg-captcha'],
    // Bundled CommonJS packages call require(); give the ES module one (without node:module's
    // ES facade, as for every builtin: scripts/builtin-modules.ts).
    banner: {
      js: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);",
    },
    plugins: [workerUrl, builtinsWithoutFacade],
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
