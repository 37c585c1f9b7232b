// `npm start`: build, then launch the app in dev mode (dev inbox, demo accounts). Where Electron's
// binary is not installed, say so in one line and run the same screens from `latchkey serve --dev`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildElectron } from './build-electron.ts';
import { electronBinary, NO_ELECTRON_LINE } from './electron-binary.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

const scripts = (JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { scripts: Record<string, string> })
  .scripts;
if (scripts['build:renderer'] && existsSync(`${root}/renderer/index.html`)) {
  const built = await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build:renderer']);
  if (built !== 0) process.exit(built);
}

const binary = electronBinary();
if (binary) {
  await buildElectron();
  process.exitCode = await run(binary, ['.', '--dev'], { ...process.env, LATCHKEY_DEV: '1' });
} else if (existsSync(`${root}/main/cli.ts`)) {
  console.log(`${NO_ELECTRON_LINE}: running \`latchkey serve --dev\` with the screens at its URL instead.`);
  process.exitCode = await run(process.execPath, ['main/cli.ts', 'serve', '--dev']);
} else {
  console.log(`${NO_ELECTRON_LINE}, and this checkout has no main/cli.ts to serve the screens over HTTP.`);
  process.exitCode = 1;
}
