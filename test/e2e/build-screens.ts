// Vitest global setup: build the screens once per run, so the end-to-end tests drive the same
// files `latchkey serve` ships (renderer/dist).
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export default async function buildScreens(): Promise<void> {
  if (process.env.LATCHKEY_SKIP_SCREENS_BUILD === '1') return;
  await build({ configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)), logLevel: 'warn' });
}
