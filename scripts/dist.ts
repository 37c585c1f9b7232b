// `npm run dist [-- electron-builder args]`: builds everything the package needs, then runs
// electron-builder (default: installers for this platform per electron-builder.yml).
import { buildElectron } from './build-electron.ts';
import { makeIcons } from './make-icons.ts';
import { buildRenderer, root, run } from './run.ts';

await buildRenderer();
await buildElectron({ production: true });
makeIcons(`${root}/build`);
process.exitCode = await run(process.execPath, [
  `${root}/node_modules/electron-builder/cli.js`,
  '--config',
  'electron-builder.yml',
  ...process.argv.slice(2),
]);
