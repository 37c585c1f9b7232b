// The embeddable elements as a library: renderer/elements.ts built into one ES module,
// renderer/dist-elements/latchkey-elements.js, with its dependencies (Lit, the tRPC client, zod)
// inside, so a host page loads it with one <script type="module"> under a strict CSP. The password
// strength dictionaries stay separate files beside it, fetched only when a password field shows.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  publicDir: false,
  // A library keeps `process.env.NODE_ENV` for its bundler; this file is for browsers as it is.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist-elements',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    rolldownOptions: { output: { chunkFileNames: 'latchkey-[name]-[hash].js' } },
    lib: {
      entry: fileURLToPath(new URL('./renderer/elements.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'latchkey-elements.js',
    },
  },
});
