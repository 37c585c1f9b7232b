// The CLI turns on Node's on-disk code cache (main/cli/compile-cache.ts), only in a folder this
// user alone can write, and carries on without it when it cannot be used.
import { chmodSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { enablePrivateCompileCache, type CompileCacheHost } from '../../main/cli/compile-cache.ts';
import { buildCli, CLI_BUNDLE } from '../../scripts/build-cli.ts';
import { runCli, serveCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/server.ts';
import pkg from '../../package.json' with { type: 'json' };

const root = join(import.meta.dirname, '..', '..');
const bundle = join(root, CLI_BUNDLE);
const uid = process.getuid?.();
/** The CLI's own choice: no cache folder or switch-off inherited from this run. */
const tempFolder = (dir: string) => ({
  TMPDIR: dir,
  NODE_COMPILE_CACHE: undefined,
  NODE_DISABLE_COMPILE_CACHE: undefined,
});

/** A host whose enable() records the folder instead of turning the cache on in this process. */
function host(overrides: Partial<CompileCacheHost> = {}) {
  const enabled: string[] = [];
  const fake: CompileCacheHost = {
    env: {},
    getuid: process.getuid,
    enable: (directory) => (enabled.push(directory), { directory }),
    ...overrides,
  };
  return { fake, enabled };
}

describe('the compile cache', () => {
  it('is turned on in a folder it creates for this user alone', () => {
    const directory = join(tempDir(), 'node-compile-cache');
    const { fake, enabled } = host();
    expect(enablePrivateCompileCache(directory, fake)).toBe(directory);
    expect(enabled).toEqual([directory]);
    if (uid !== undefined) expect(statSync(directory).mode & 0o777).toBe(0o700);
  });

  it.skipIf(uid === undefined)('is refused a folder another account owns or may write, or a link', () => {
    const base = tempDir();
    const shared = join(base, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    const link = join(base, 'link');
    symlinkSync(base, link);
    const cases: Array<[string, Partial<CompileCacheHost>]> = [
      [shared, {}],
      [link, {}],
      [base, { getuid: () => uid! + 1 }],
    ];
    for (const [directory, overrides] of cases) {
      const { fake, enabled } = host(overrides);
      expect(enablePrivateCompileCache(directory, fake), directory).toBeUndefined();
      expect(enabled).toEqual([]);
    }
  });

  it('leaves the choice to NODE_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE', () => {
    for (const env of [{ NODE_COMPILE_CACHE: '/elsewhere' }, { NODE_DISABLE_COMPILE_CACHE: '1' }]) {
      const { fake, enabled } = host({ env });
      expect(enablePrivateCompileCache(join(tempDir(), 'cache'), fake)).toBeUndefined();
      expect(enabled).toEqual([]);
    }
  });

  it('answers undefined, without throwing, where the folder cannot be made', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    const { fake, enabled } = host();
    expect(enablePrivateCompileCache(join(file, 'cache'), fake)).toBeUndefined();
    expect(enabled).toEqual([]);
  });

  describe('in the bundle', () => {
    beforeAll(buildCli, 60_000);

    it('serves its program from the cache the run before wrote', { timeout: 60_000 }, async () => {
      const tmp = tempDir();
      expect((await runCli(['--version'], { entry: bundle, env: tempFolder(tmp) }).finished).code).toBe(0);
      const [tag, ...others] = readdirSync(join(tmp, 'node-compile-cache'));
      expect(others).toEqual([]);
      // Node's folder for this version, V8 cache format and user.
      const user = uid === undefined ? '' : `-${uid}`;
      expect(tag).toMatch(new RegExp(`^v${process.versions.node}-${process.arch}-[0-9a-f]{8}${user}$`));

      const dir = tempDir();
      const server = await serveCli(['--db', join(dir, 'auth.db')], {
        entry: bundle,
        env: { ...tempFolder(tmp), NODE_DEBUG_NATIVE: 'COMPILE_CACHE' },
      });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const stopped = await server.stop();
      expect(stopped.code).toBe(0);
      expect(stopped.stderr).toMatch(/V8 code cache for ESM \S+\/dist\/cli\/chunks\/program-\w+\.mjs was accepted/);
    });

    it('runs as usual when Node cannot write the cache folder', { timeout: 60_000 }, async () => {
      const tmp = tempDir();
      await runCli(['--version'], { entry: bundle, env: tempFolder(tmp) }).finished;
      // Where Node would make its folder for this version and user, a file: nothing can be written.
      const cache = join(tmp, 'node-compile-cache');
      const [tag] = readdirSync(cache);
      const blocked = tempDir();
      mkdirSync(join(blocked, 'node-compile-cache'), { mode: 0o700 });
      writeFileSync(join(blocked, 'node-compile-cache', tag!), '');

      const run = await runCli(['--version'], { entry: bundle, env: tempFolder(blocked) }).finished;
      expect(run).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
      expect(statSync(join(blocked, 'node-compile-cache', tag!)).isFile()).toBe(true);
    });

    it.skipIf(uid === undefined || uid === 0)('runs as usual with a read-only cache folder', async () => {
      const tmp = tempDir();
      mkdirSync(join(tmp, 'node-compile-cache'), { mode: 0o500 });
      const run = await runCli(['--version'], { entry: bundle, env: tempFolder(tmp) }).finished;
      chmodSync(join(tmp, 'node-compile-cache'), 0o700);
      expect(run).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
      expect(readdirSync(join(tmp, 'node-compile-cache'))).toEqual([]);
    });
  });
});
