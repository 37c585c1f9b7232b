// Before `npm run dist` builds anything: can electron-builder get the Electron it packages? It
// never uses node_modules/electron; it takes `electronDist` (an unpacked Electron, its zip, or a
// folder holding the zip) or downloads the zip into @electron/get's cache, checksums included.
// Where none of these can work, say so in one line now rather than with a stack trace a minute on.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { root } from './run.ts';

interface Target {
  platform: string;
  arch: string;
}

const PLATFORM_FLAGS: Record<string, string> = { '--mac': 'darwin', '-m': 'darwin', '--win': 'win32', '-w': 'win32' };
Object.assign(PLATFORM_FLAGS, { '--linux': 'linux', '-l': 'linux' });
const ARCH_FLAGS = ['--x64', '--arm64', '--ia32', '--armv7l'];
const HOST_ARCH: Record<string, string> = { arm: 'armv7l' };

/** The Electron zips electron-builder will want for these command-line arguments. */
export function targetsOf(args: readonly string[]): Target[] {
  const platforms = [...new Set(args.flatMap((arg) => PLATFORM_FLAGS[arg] ?? []))];
  const arches = args.filter((arg) => ARCH_FLAGS.includes(arg)).map((arg) => arg.slice(2));
  if (args.includes('--universal')) arches.push('x64', 'arm64');
  const hostArch = HOST_ARCH[process.arch] ?? process.arch;
  return (platforms.length ? platforms : [process.platform]).flatMap((platform) =>
    (arches.length ? [...new Set(arches)] : [hostArch]).map((arch) => ({ platform, arch })),
  );
}

/** @electron/get's cache folder: electronDownload.cache when dist passes ELECTRON_CACHE, else the per-user one. */
export function electronCache(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ELECTRON_CACHE) return env.ELECTRON_CACHE;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'electron');
  if (process.platform === 'win32') {
    return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'electron', 'Cache');
  }
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'electron');
}

/** Where the zips come from: the mirror @electron/get reads from the environment, else GitHub. */
function downloadHost(env: NodeJS.ProcessEnv): string {
  const mirror = env.ELECTRON_MIRROR ?? env.npm_config_electron_mirror ?? env.NPM_CONFIG_ELECTRON_MIRROR;
  try {
    return mirror ? new URL(mirror).host : 'github.com';
  } catch {
    return 'github.com';
  }
}

/** A zip in the cache (in @electron/get's per-URL subfolder) with its seeded checksums beside it. */
function cached(cache: string, version: string, zip: string): boolean {
  const sums = [`SHASUMS256.txt-${version}`, 'SHASUMS256.txt'];
  if (!sums.some((name) => existsSync(join(cache, name)))) return false;
  const folders = existsSync(cache) ? readdirSync(cache, { withFileTypes: true }).filter((e) => e.isDirectory()) : [];
  return folders.some((folder) => existsSync(join(cache, folder.name, zip)));
}

/** Resolves if a TCP connection to host:443 opens within the timeout; rejects with why not. */
export function reach(host: string, timeoutMs = 4000): Promise<void> {
  const [name, port] = host.includes(':') ? host.split(':') : [host, '443'];
  return new Promise((resolve, reject) => {
    const socket = connect({ host: name!, port: Number(port), timeout: timeoutMs });
    socket.once('connect', () => (socket.destroy(), resolve()));
    socket.once('timeout', () => (socket.destroy(), reject(new Error(`no answer in ${timeoutMs / 1000} s`))));
    socket.once('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code ?? error.message)));
  });
}

export interface DistCheckOptions {
  env?: NodeJS.ProcessEnv;
  /** electron-builder's config file (its electronDist, if set, is used as is). */
  configFile?: string;
  probe?: (host: string) => Promise<void>;
}

/** Undefined when electron-builder can get Electron; otherwise the one line that says what to provide. */
export async function missingElectronForDist(args: readonly string[], options: DistCheckOptions = {}) {
  const env = options.env ?? process.env;
  const configFile = options.configFile ?? join(root, 'electron-builder.yml');
  if (args.some((arg) => arg.includes('electronDist'))) return undefined;
  if (existsSync(configFile) && /^electronDist\s*:/m.test(readFileSync(configFile, 'utf8'))) return undefined;
  const { version } = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
    version: string;
  };
  const cache = electronCache(env);
  const zips = targetsOf(args).map(({ platform, arch }) => `electron-v${version}-${platform}-${arch}.zip`);
  if (zips.every((zip) => cached(cache, version, zip))) return undefined;
  const host = downloadHost(env);
  try {
    await (options.probe ?? reach)(host);
    return undefined;
  } catch (error) {
    return (
      `npm run dist: Electron ${version} is needed to package, and it cannot be downloaded here ` +
      `(${host}: ${(error as Error).message}) nor found in the cache (${cache}). Provide it with ` +
      `\`npm run dist -- -c.electronDist=DIR\` (an unpacked Electron, or a folder holding ${zips.join(', ')}), ` +
      `or point ELECTRON_CACHE at a cache folder holding that zip and SHASUMS256.txt-${version}.`
    );
  }
}
