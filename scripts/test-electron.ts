// `npm run test:electron`: the real-Electron suite. Where Electron's binary is not installed it
// says so in one line and exits 0, so the command is safe everywhere.
import { buildElectron } from './build-electron.ts';
import { electronBinary, NO_ELECTRON_LINE } from './electron-binary.ts';
import { buildRenderer, root, run } from './run.ts';

if (!electronBinary()) {
  console.log(`${NO_ELECTRON_LINE}: skipping the real-Electron suite.`);
  process.exit(0);
}
await buildRenderer();
await buildElectron();
process.exitCode = await run(process.execPath, [
  `${root}/node_modules/vitest/vitest.mjs`,
  'run',
  '--config',
  'vitest.electron.config.ts',
]);
