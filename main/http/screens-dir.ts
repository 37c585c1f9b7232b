// Where the built screens are: renderer/dist inside the latchkey package, found by walking up
// from this module to the package's own package.json. The walk holds wherever this code runs
// from: the checkout's TypeScript, the library build in dist/, or the CLI bundle's chunks.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'latchkey';

/** The latchkey package's root folder above `from`, or undefined (bundled into someone else's code). */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string | undefined {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (isLatchkeyRoot(dir)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The folder of the built screens (its index.html exists), or undefined when they are not built. */
export function screensDir(from?: string): string | undefined {
  const root = packageRoot(from);
  if (root === undefined) return undefined;
  const dir = join(root, 'renderer', 'dist');
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}

function isLatchkeyRoot(dir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
    return manifest.name === PACKAGE_NAME;
  } catch {
    return false;
  }
}
