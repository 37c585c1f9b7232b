// Where Electron's binary is, without require('electron') (which would try to download it).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The Electron executable, or undefined when the package was installed without its binary. */
export function electronBinary(): string | undefined {
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = join(dir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const binary = override ? join(override, name ?? 'electron') : name ? join(dir, 'dist', name) : undefined;
  return binary && existsSync(binary) ? binary : undefined;
}

/** What the launch scripts say first without the binary; names the variable only when it is set. */
export function noElectronLine(env: NodeJS.ProcessEnv = process.env): string {
  const skip = env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  return `Electron's binary is not installed here${skip ? ` (ELECTRON_SKIP_BINARY_DOWNLOAD=${skip})` : ''}`;
}

export const NO_ELECTRON_LINE = noElectronLine();
