import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The e2e tests drive the built screens: build them once per run.
    globalSetup: ['test/e2e/build-screens.ts'],
  },
});
