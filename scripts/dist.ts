// `npm run dist [-- electron-builder args]`: builds everything the package needs, then runs
// electron-builder (default: installers for this platform per electron-builder.yml).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildElectron } from './build-electron.ts';
import { makeIcons } from './make-icons.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    spawn(command, args, { cwd: root, stdio: 'inherit' }).on('exit', (code) => resolve(code ?? 1));
  });
}

const scripts = (JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { scripts: Record<string, string> })
  .scripts;
if (scripts['build:renderer'] && existsSync(`${root}/renderer/index.html`)) {
  const code = await run(npm, ['run', '--silent', 'build:renderer']);
  if (code !== 0) process.exit(code);
} else if (!existsSync(`${root}/renderer/dist/index.html`)) {
  console.warn('dist: renderer/dist is missing; the package will have no screens.');
}
await buildElectron({ production: true });
makeIcons(`${root}/build`);
process.exitCode = await run(process.execPath, [
  `${root}/node_modules/electron-builder/cli.js`,
  '--config',
  'electron-builder.yml',
  ...process.argv.slice(2),
]);
