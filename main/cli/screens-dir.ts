// Where the built screens (renderer/dist) are. This code runs from main/cli/ (the sources), from
// out/cli/chunks/ (the bundle `npm run serve` builds) and from an installed package's build, so no
// fixed relative path fits all three: walk up to the latchkey package's own root instead.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest folder at or above `from` whose package.json is the `latchkey` package's. */
export function packageRoot(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (isLatchkeyPackage(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function isLatchkeyPackage(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'latchkey';
  } catch {
    return false;
  }
}

/** The screens' folder when they have been built (it has index.html), else undefined: API only. */
export function screensDir(from: string = import.meta.dirname): string | undefined {
  const root = packageRoot(from);
  const dir = root && join(root, 'renderer', 'dist');
  return dir && existsSync(join(dir, 'index.html')) ? dir : undefined;
}
