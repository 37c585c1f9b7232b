// `latchkey serve` restarts itself in place with leaner memory settings (main/cli/lean-serving.ts):
// the same PID, two malloc arenas, a fixed mmap threshold, 8 MiB semi-spaces; settings the user chose win.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { relaunchLeanForServing, type Runtime } from '../../main/cli/lean-serving.ts';
import { fastConfig, serveCli } from '../helpers/cli.ts';
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
  it('restarts serve with two arenas, a fixed mmap threshold and 8 MiB semi-spaces, marking the restart', () => {
    const { fake, calls } = runtime({ execArgv: ['--enable-source-maps'] });
    relaunchLeanForServing(['/opt/node', 'cli.mjs', 'serve', '--port', '0'], fake);
    expect(calls).toEqual([
      {
        file: '/opt/node',
        args: ['/opt/node', '--max-semi-space-size=8', '--enable-source-maps', 'cli.mjs', 'serve', '--port', '0'],
        env: { PATH: '/usr/bin', MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '1048576', LATCHKEY_LEAN_SERVING: '1' },
      },
    ]);
  });

  it('keeps the settings the user chose', () => {
    const { fake, calls } = runtime({
      env: { MALLOC_ARENA_MAX: '4', MALLOC_MMAP_THRESHOLD_: '65536' },
      execArgv: ['--max-semi-space-size=16'],
    });
    relaunchLeanForServing(['/opt/node', 'cli.mjs', 'serve'], fake);
    expect(calls[0]!.args).toEqual(['/opt/node', '--max-semi-space-size=16', 'cli.mjs', 'serve']);
    expect(calls[0]!.env).toEqual({
      MALLOC_ARENA_MAX: '4',
      MALLOC_MMAP_THRESHOLD_: '65536',
      LATCHKEY_LEAN_SERVING: '1',
    });
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

  it.runIf(process.platform === 'linux')('a real serve runs on with those settings, in the same process', async () => {
    const dir = tempDir();
    const server = await serveCli(['--db', join(dir, 'auth.db'), '--config', fastConfig(dir)]);
    const pid = server.child.pid!;
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    expect(environ).toEqual(
      expect.arrayContaining(['MALLOC_ARENA_MAX=2', 'MALLOC_MMAP_THRESHOLD_=1048576', 'LATCHKEY_LEAN_SERVING=1']),
    );
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toContain('--max-semi-space-size=8');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await server.stop()).code).toBe(0);
  });
});
