// `npm run test:electron`: the real-Electron suite. Where Electron's binary is not installed it
// says so in one line and exits 0, so the command is safe everywhere.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildElectron } from './build-electron.ts';
import { electronBinary, NO_ELECTRON_LINE } from './electron-binary.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!electronBinary()) {
  console.log(`${NO_ELECTRON_LINE}: skipping the real-Electron suite.`);
  process.exit(0);
}
if (existsSync(`${root}/renderer/index.html`)) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', '--silent', 'build:renderer'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
await buildElectron();
const vitest = `${root}/node_modules/vitest/vitest.mjs`;
const run = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.electron.config.ts'], {
  cwd: root,
  stdio: 'inherit',
});
process.exitCode = run.status ?? 1;
