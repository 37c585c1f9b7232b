// Vitest global setup: build the screens once per run, so the end-to-end tests drive the same
// files `latchkey serve` ships (renderer/dist) and the embeddable library (renderer/dist-elements).
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export default async function buildScreens(): Promise<void> {
  if (process.env.LATCHKEY_SKIP_SCREENS_BUILD === '1') return;
  for (const config of ['vite.config.ts', 'vite.elements.config.ts']) {
    await build({ configFile: fileURLToPath(new URL(`../../${config}`, import.meta.url)), logLevel: 'warn' });
  }
}
