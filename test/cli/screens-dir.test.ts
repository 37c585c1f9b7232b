// The screens are found from wherever the CLI's code runs: the sources, the bundle's chunks, or an
// installed package, by walking up to the `latchkey` package's root.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot, screensDir } from '../../main/cli/screens-dir.ts';
import { tempDir } from '../helpers/server.ts';

/** A package tree: <dir>/app (another package) holding node_modules/latchkey with a build in dist/. */
function installedTree() {
  const dir = tempDir();
  const app = join(dir, 'app');
  const latchkey = join(app, 'node_modules', 'latchkey');
  const chunks = join(latchkey, 'dist', 'cli', 'chunks');
  mkdirSync(chunks, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-kiosk' }));
  writeFileSync(join(latchkey, 'package.json'), JSON.stringify({ name: 'latchkey' }));
  // A package.json of another name between the code and the root does not stop the walk.
  writeFileSync(join(latchkey, 'dist', 'package.json'), JSON.stringify({ type: 'module' }));
  return { dir, latchkey, chunks };
}

describe('screensDir', () => {
  it('walks up from the code to the latchkey package, past package.json files of other names', () => {
    const { dir, latchkey, chunks } = installedTree();
    expect(packageRoot(chunks)).toBe(latchkey);
    expect(packageRoot(latchkey)).toBe(latchkey);
    expect(packageRoot(dir)).toBeUndefined();
  });

  it('answers renderer/dist only once the screens are built', () => {
    const { latchkey, chunks } = installedTree();
    expect(screensDir(chunks)).toBeUndefined();
    mkdirSync(join(latchkey, 'renderer', 'dist'), { recursive: true });
    writeFileSync(join(latchkey, 'renderer', 'dist', 'index.html'), '<!doctype html>');
    expect(screensDir(chunks)).toBe(join(latchkey, 'renderer', 'dist'));
  });

  it('finds this checkout’s screens from the sources and from the bundle’s chunks folder', () => {
    const root = join(import.meta.dirname, '..', '..');
    expect(packageRoot(join(root, 'main', 'cli'))).toBe(root);
    expect(packageRoot(join(root, 'out', 'cli', 'chunks'))).toBe(root);
  });
});
