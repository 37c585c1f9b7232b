// Child processes for the build scripts: inherit the terminal, forward Ctrl-C, resolve with the exit code.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
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

/**
 * Builds the screens into renderer/dist; exits with vite's code when the build fails. Skipped with
 * LATCHKEY_SKIP_SCREENS_BUILD=1, as in the test run, which builds them once for every suite.
 */
export async function buildRenderer(): Promise<void> {
  if (process.env.LATCHKEY_SKIP_SCREENS_BUILD === '1') return;
  const code = await run(npm, ['run', '--silent', 'build:renderer']);
  if (code !== 0) process.exit(code);
}
