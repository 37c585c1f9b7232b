// `npm start`: build, then launch the app in dev mode (dev inbox, demo accounts). Where Electron's
// binary is not installed, say so in one line and run the same screens from `latchkey serve --dev`.
import { buildElectron } from './build-electron.ts';
import { electronBinary, NO_ELECTRON_LINE } from './electron-binary.ts';
import { buildRenderer, run } from './run.ts';

await buildRenderer();
const binary = electronBinary();
if (binary) {
  await buildElectron();
  process.exitCode = await run(binary, ['.', '--dev'], { ...process.env, LATCHKEY_DEV: '1' });
} else {
  console.log(`${NO_ELECTRON_LINE}: running \`latchkey serve --dev\` with the screens at its URL instead.`);
  process.exitCode = await run(process.execPath, ['main/cli.ts', 'serve', '--dev']);
}
