// `npm start [-- args]`: build, then launch the app in dev mode (dev inbox, demo accounts). Where
// Electron's binary is not installed, say so in one line and run the same screens from
// `latchkey serve --dev` (args go to it, e.g. `--port 0`), with the demo account the app has.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDevDemoAccounts } from '../main/shell/app-config.ts';
import { buildElectron } from './build-electron.ts';
import { electronBinary, NO_ELECTRON_LINE } from './electron-binary.ts';
import { buildRenderer, run } from './run.ts';

await buildRenderer();
const binary = electronBinary();
const args = process.argv.slice(2);
if (binary) {
  await buildElectron();
  process.exitCode = await run(binary, ['.', '--dev', ...args], { ...process.env, LATCHKEY_DEV: '1' });
} else {
  console.log(`${NO_ELECTRON_LINE}: running \`latchkey serve --dev\` with the screens at its URL instead.`);
  process.exitCode = await serveDev(args);
}

/** `latchkey serve --dev` on a config that adds the demo account to the one given with --config. */
async function serveDev(serveArgs: string[]): Promise<number> {
  const at = serveArgs.indexOf('--config');
  const given = at >= 0 ? serveArgs[at + 1] : undefined;
  if (at >= 0) serveArgs.splice(at, 2);
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-start-'));
  const config = join(dir, 'dev.config.json');
  const base = given ? (JSON.parse(readFileSync(given, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(config, JSON.stringify(withDevDemoAccounts(base)));
  try {
    return await run(process.execPath, ['main/cli.ts', 'serve', '--dev', '--config', config, ...serveArgs]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
