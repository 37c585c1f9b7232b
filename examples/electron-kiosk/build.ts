// Builds out/: the main process (ESM), the preload (one CommonJS file, as sandboxed preloads must
// be) and the page (one module with the elements inside), beside index.html and kiosk.css.
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

mkdirSync('out/pages', { recursive: true });
await Promise.all([
  // Packages stay in node_modules for main; Electron is the runtime's own.
  build({
    entryPoints: ['src/main.ts'],
    outfile: 'out/main.js',
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
  }),
  build({
    entryPoints: ['src/preload.ts'],
    outfile: 'out/preload.cjs',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
  }),
  build({
    entryPoints: ['src/renderer.ts'],
    outfile: 'out/pages/renderer.js',
    bundle: true,
    platform: 'browser',
    format: 'esm',
  }),
]);
for (const file of ['index.html', 'kiosk.css']) copyFileSync(`src/${file}`, `out/pages/${file}`);
console.log('built out/');
