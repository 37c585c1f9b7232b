// `latchkey serve` restarts itself in place with the memory settings `--memory` chose
// (main/cli/lean-serving.ts): the same PID; lean (the default) adds two malloc arenas, a fixed mmap
// threshold, huge pages for mapped blocks and 8 MiB semi-spaces; fast the two arenas with fixed mmap
// and trim thresholds high enough that a hash's block is kept and reused, V8 left alone. Settings
// the user chose win. No timing is asserted here: docs/benchmarks.md holds the measurements.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { relaunchLeanForServing, type Runtime } from '../../main/cli/lean-serving.ts';
import { cliInProcess, fastConfig, serveCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/server.ts';

/** A runtime whose execve records the call instead of replacing this process. */
function runtime(overrides: Partial<Runtime> = {}) {
  const calls: Array<{ file: string; args: string[]; env: NodeJS.ProcessEnv }> = [];
  const fake: Runtime = {
    platform: 'linux',
    env: { PATH: '/usr/bin' },
    execPath: '/opt/node',
    execArgv: [],
    execve: ((file: string, args: string[], env: NodeJS.ProcessEnv) => {
      calls.push({ file, args, env });
    }) as Runtime['execve'],
    ...overrides,
  };
  return { fake, calls };
}

describe('lean serving', () => {
  const LEAN_ENV = {
    MALLOC_ARENA_MAX: '2',
    MALLOC_MMAP_THRESHOLD_: '1048576',
    GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1',
  };

  const FAST_ENV = {
    MALLOC_ARENA_MAX: '2',
    MALLOC_MMAP_THRESHOLD_: String(32 * 1024 * 1024),
    MALLOC_TRIM_THRESHOLD_: String(64 * 1024 * 1024),
  };

  it('by default restarts serve lean: two arenas, a fixed mmap threshold, huge pages, 8 MiB semi-spaces', () => {
    const { fake, calls } = runtime({ execArgv: ['--enable-source-maps'] });
    relaunchLeanForServing(['/opt/node', 'cli.mjs', 'serve', '--port', '0'], fake);
    expect(calls).toEqual([
      {
        file: '/opt/node',
        args: ['/opt/node', '--max-semi-space-size=8', '--enable-source-maps', 'cli.mjs', 'serve', '--port', '0'],
        env: { PATH: '/usr/bin', ...LEAN_ENV, LATCHKEY_LEAN_SERVING: '1' },
      },
    ]);
  });

  it('--memory lean is the default spelled out', () => {
    for (const flag of [['--memory', 'lean'], ['--memory=lean']]) {
      const { fake, calls } = runtime();
      relaunchLeanForServing(['/opt/node', 'cli.mjs', 'serve', ...flag], fake);
      expect(calls[0]!.args).toEqual(['/opt/node', '--max-semi-space-size=8', 'cli.mjs', 'serve', ...flag]);
      expect(calls[0]!.env).toEqual({ PATH: '/usr/bin', ...LEAN_ENV, LATCHKEY_LEAN_SERVING: '1' });
    }
  });

  it('--memory fast restarts with two arenas that keep their blocks, and V8 sizing its young generation itself', () => {
    for (const flag of [['--memory', 'fast'], ['--memory=fast']]) {
      const { fake, calls } = runtime();
      relaunchLeanForServing(['/opt/node', 'cli.mjs', 'serve', '--port', '0', ...flag], fake);
      expect(calls).toEqual([
        {
          file: '/opt/node',
          args: ['/opt/node', 'cli.mjs', 'serve', '--port', '0', ...flag],
          env: { PATH: '/usr/bin', ...FAST_ENV, LATCHKEY_LEAN_SERVING: '1' },
        },
      ]);
    }
  });

  it('a --memory value that is not a mode restarts nothing, and serve refuses it (exit 2)', async () => {
    for (const flag of [['--memory', 'huge'], ['--memory=LEAN'], ['--memory']]) {
      const { fake, calls } = runtime();
      relaunchLeanForServing(['/opt/node', 'cli.mjs', 'serve', ...flag], fake);
      expect(calls, flag.join(' ')).toEqual([]);
    }
    const refused = await cliInProcess('serve', '--port', '0', '--memory', 'huge');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("argument 'huge' is invalid. Allowed choices are lean, fast.");
  });

  it('keeps the settings the user chose', () => {
    const { fake, calls } = runtime({
      env: { MALLOC_ARENA_MAX: '4', MALLOC_MMAP_THRESHOLD_: '65536', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' },
      execArgv: ['--max-semi-space-size=16'],
    });
    relaunchLeanForServing(['/opt/node', 'cli.mjs', 'serve'], fake);
    expect(calls[0]!.args).toEqual(['/opt/node', '--max-semi-space-size=16', 'cli.mjs', 'serve']);
    expect(calls[0]!.env).toEqual({
      MALLOC_ARENA_MAX: '4',
      MALLOC_MMAP_THRESHOLD_: '65536',
      GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0',
      LATCHKEY_LEAN_SERVING: '1',
    });
  });

  it('keeps a semi-space size chosen in NODE_OPTIONS (the command line would override it)', () => {
    const { fake, calls } = runtime({ env: { NODE_OPTIONS: '--max-semi-space-size=2' } });
    relaunchLeanForServing(['/opt/node', 'cli.mjs', 'serve'], fake);
    expect(calls[0]!.args).toEqual(['/opt/node', 'cli.mjs', 'serve']);
    expect(calls[0]!.env).toMatchObject({ NODE_OPTIONS: '--max-semi-space-size=2', ...LEAN_ENV });
  });

  it('leaves other commands, a restarted process, other systems and a refused execve alone', () => {
    const cases: Array<[string[], Partial<Runtime>]> = [
      [['node', 'cli.mjs', 'users', 'list'], {}],
      [['node', 'cli.mjs', 'serve'], { env: { LATCHKEY_LEAN_SERVING: '1' } }],
      [['node', 'cli.mjs', 'serve'], { platform: 'darwin' }],
      [['node', 'cli.mjs', 'serve'], { platform: 'win32' }],
      [['node', 'cli.mjs', 'serve'], { execve: undefined }],
    ];
    for (const [argv, overrides] of cases) {
      const { fake, calls } = runtime(overrides);
      relaunchLeanForServing(argv, fake);
      expect(calls, argv.join(' ')).toEqual([]);
    }
    const refused = runtime({
      execve: (() => {
        throw Object.assign(new Error('EPERM'), { code: 'EPERM' });
      }) as Runtime['execve'],
    });
    expect(() => relaunchLeanForServing(['node', 'cli.mjs', 'serve'], refused.fake)).not.toThrow();
  });

  /** The serving process's environment and command line, read from /proc. */
  const processOf = (pid: number) => ({
    environ: readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0'),
    cmdline: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'),
  });
  // The test process's own settings would win over the modes': start from none of them.
  const unset = {
    MALLOC_ARENA_MAX: undefined,
    MALLOC_MMAP_THRESHOLD_: undefined,
    MALLOC_TRIM_THRESHOLD_: undefined,
    GLIBC_TUNABLES: undefined,
  };

  it.runIf(process.platform === 'linux')('a real serve runs on with those settings, in the same process', async () => {
    const dir = tempDir();
    const server = await serveCli(['--db', join(dir, 'auth.db'), '--config', fastConfig(dir)], { env: unset });
    const { environ, cmdline } = processOf(server.child.pid!);
    expect(environ).toEqual(
      expect.arrayContaining([
        'MALLOC_ARENA_MAX=2',
        'MALLOC_MMAP_THRESHOLD_=1048576',
        'GLIBC_TUNABLES=glibc.malloc.hugetlb=1',
        'LATCHKEY_LEAN_SERVING=1',
      ]),
    );
    expect(cmdline).toContain('--max-semi-space-size=8');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await server.stop()).code).toBe(0);
  });

  it.runIf(process.platform === 'linux')(
    'a real serve --memory fast runs with the fast settings and no lean ones',
    async () => {
      const dir = tempDir();
      const args = ['--db', join(dir, 'auth.db'), '--config', fastConfig(dir), '--memory', 'fast'];
      const server = await serveCli(args, { env: unset });
      const { environ, cmdline } = processOf(server.child.pid!);
      const fast = Object.entries(FAST_ENV).map(([name, value]) => `${name}=${value}`);
      expect(environ).toEqual(expect.arrayContaining([...fast, 'LATCHKEY_LEAN_SERVING=1']));
      expect(environ.filter((entry) => entry.startsWith('GLIBC_TUNABLES='))).toEqual([]);
      expect(cmdline.filter((arg) => arg.startsWith('--max-semi-space-size'))).toEqual([]);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await server.stop()).code).toBe(0);
    },
  );
});
