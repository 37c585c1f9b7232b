// The package's library entries (package.json "exports"), built to JavaScript with bundled .d.ts
// files in dist/. Dependencies stay imports (npm installs them); shared code lands in chunks
// beside the entries, all in one folder, so the argon2 worker is found next to whichever chunk
// starts it. The CLI (scripts/build-cli.ts) and the screens (vite) are built on their own.
// tsdown is pinned: it shares vite's rolldown (1.2), and later 0.23 releases want a newer one.
import { readFile } from 'node:fs/promises';
import { defineConfig, type Rolldown } from 'tsdown';

/** The noble backend loads its worker by URL next to itself: point it at the built file. */
const workerUrl: Rolldown.Plugin = {
  name: 'argon2-worker-url',
  load: {
    filter: { id: /argon2-backends\.ts$/ },
    async handler(id) {
      return (await readFile(id, 'utf8')).replace("'./argon2-worker.ts'", "'./argon2-worker.js'");
    },
  },
};

export default defineConfig({
  entry: {
    server: 'main/entries/server.ts',
    http: 'main/entries/http.ts',
    electron: 'main/entries/electron.ts',
    preload: 'preload/expose.ts',
    elements: 'renderer/elements.ts',
    client: 'main/client/index.ts',
    testing: 'main/testing/index.ts',
    'argon2-worker': 'main/server/crypto/argon2-worker.ts',
  },
  outDir: 'dist',
  // Only what this build writes: dist/cli/ is the CLI's, dist/installers/ electron-builder's.
  clean: ['dist/*.js', 'dist/*.d.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node22',
  fixedExtension: false,
  tsconfig: 'tsconfig.build.json',
  dts: true,
  deps: { neverBundle: ['electron'] },
  plugins: [workerUrl],
  logLevel: 'warn',
  // The declaration build is slow by nature (it runs TypeScript); no timing report about it.
  checks: { bundlerTimings: false },
});
