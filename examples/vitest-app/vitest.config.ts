import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Each file starts a real server (SQLite, HTTP, argon2id at its minimum cost): allow a busy machine.
  test: { include: ['test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000 },
});
