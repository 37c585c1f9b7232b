// `npm run dist [-- electron-builder args]`: builds everything the package needs, then runs
// electron-builder (default: installers for this platform per electron-builder.yml). First checks
// that Electron itself can be had (scripts/electron-dist-check.ts): offline, that fails fast.
import { missingElectronForDist } from './electron-dist-check.ts';
import { buildElectron } from './build-electron.ts';
import { makeIcons } from './make-icons.ts';
import { buildRenderer, root, run } from './run.ts';

const args = process.argv.slice(2);
const missing = await missingElectronForDist(args);
if (missing) {
  console.error(missing);
  process.exit(1);
}
// ELECTRON_CACHE names the cache folder to read (the download library itself ignores it).
const cache = process.env.ELECTRON_CACHE ? [`-c.electronDownload.cache=${process.env.ELECTRON_CACHE}`] : [];
await buildRenderer();
await buildElectron({ production: true });
makeIcons(`${root}/build`);
process.exitCode = await run(process.execPath, [
  `${root}/node_modules/electron-builder/cli.js`,
  '--config',
  'electron-builder.yml',
  ...cache,
  ...args,
]);
