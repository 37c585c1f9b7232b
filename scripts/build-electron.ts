// Bundles main and preload for Electron with esbuild (Electron 45's Node may lack type
// stripping). out/main/index.mjs is package.json's "main"; npm packages stay external (they ship
// in the asar, better-sqlite3's binary unpacked beside it). The argon2 worker is its own bundle.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The noble backend loads its worker by URL next to itself: point it at the bundled file. */
export const workerUrl: Plugin = {
  name: 'argon2-worker-url',
  setup(b) {
    b.onLoad({ filter: /argon2-backends\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replace("'./argon2-worker.ts'", "'./argon2-worker.mjs'"),
      loader: 'ts',
    }));
  },
};

export async function buildElectron(options: { production?: boolean } = {}): Promise<void> {
  const common = {
    absWorkingDir: root,
    bundle: true,
    logLevel: 'warning',
    sourcemap: options.production ? false : 'linked',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': JSON.stringify(options.production ? 'production' : 'development') },
  } as const;
  await Promise.all([
    build({
      ...common,
      entryPoints: {
        'main/index': 'main/electron/main.ts',
        'main/argon2-worker': 'main/server/crypto/argon2-worker.ts',
      },
      outdir: 'out',
      outExtension: { '.js': '.mjs' },
      platform: 'node',
      format: 'esm',
      target: 'node22',
      packages: 'external',
      plugins: [workerUrl],
    }),
    // A sandboxed preload is a classic script with a require() limited to a few modules.
    build({
      ...common,
      entryPoints: { 'preload/index': 'preload/index.ts' },
      outdir: 'out',
      outExtension: { '.js': '.cjs' },
      platform: 'browser',
      format: 'cjs',
      target: 'chrome138',
      external: ['electron'],
    }),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildElectron({ production: process.argv.includes('--production') });
}
