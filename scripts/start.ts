// `npm start [-- args]`: build, then launch the app in dev mode (dev inbox, demo accounts). Where
// Electron's binary is not installed, say so in one line and run the same screens from
// `latchkey serve --dev` (args go to it, e.g. `--port 0`), with the demo account the app has.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
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
  const base = given ? (JSON.parse(readFileSync(given, 'utf8')) as Record<string, unknown>) : {};
  const { host, port } = listenAddress(serveArgs, base);
  if (await portInUse(host, port)) {
    // Most often a first `npm start` still running: say how to run another beside it.
    console.error(
      `${host}:${port} is already in use (is \`npm start\` running?): \`npm start -- --port 0\` picks a free port.`,
    );
    return 1;
  }
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-start-'));
  const config = join(dir, 'dev.config.json');
  writeFileSync(config, JSON.stringify(withDevDemoAccounts(base)));
  try {
    return await run(process.execPath, ['main/cli.ts', 'serve', '--dev', '--config', config, ...serveArgs]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where `latchkey serve` will listen: --host/--port, else the config's http section, else its defaults. */
function listenAddress(args: string[], config: Record<string, unknown>): { host: string; port: number } {
  const http = (config.http ?? {}) as { host?: string; port?: number };
  const flag = (name: string) => {
    const at = args.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
    if (at < 0) return undefined;
    return args[at]!.includes('=') ? args[at]!.slice(name.length + 1) : args[at + 1];
  };
  const port = flag('--port');
  return { host: flag('--host') ?? http.host ?? '127.0.0.1', port: port ? Number(port) : (http.port ?? 4317) };
}

function portInUse(host: string, port: number): Promise<boolean> {
  if (port === 0 || !Number.isInteger(port)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE'));
    probe.listen(port, host, () => probe.close(() => resolve(false)));
  });
}
