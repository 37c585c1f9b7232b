// `latchkey serve` is a long-running server, so before anything else loads it restarts itself, in
// the same process (execve: same PID, same stdio, signals still reach it), with memory settings
// Node's defaults get wrong for it. Under a sustained load (64 sign-ups, 300 email-code sign-ins,
// 20 000 reads at c16) peak RSS falls from about 370 MiB to about 210 MiB; the restart costs one
// Node start (docs/benchmarks.md):
// - glibc gives each thread that allocates its own malloc arena and keeps freed memory there;
//   every libuv thread that ran an argon2id hash then holds its 19 MiB block for good. Two arenas
//   (MALLOC_ARENA_MAX=2) hold what two concurrent hashes need.
// - glibc also raises its mmap threshold to the size of the last large block freed, so after the
//   first hash every 19 MiB block comes from an arena and stays there once freed. A fixed 1 MiB
//   threshold (MALLOC_MMAP_THRESHOLD_) keeps such blocks mapped on their own and returned on free:
//   64 hashes, two at a time, peak at 88 MiB instead of 124 and leave 50 MiB instead of 107.
// - V8 lets the young generation grow to 32 MiB semi-spaces under a steady request rate, though
//   a request's garbage dies young; 8 MiB ones collect it as well.
// A setting the user chose wins; elsewhere (Windows, macOS, no process.execve) nothing changes.
export const RELAUNCHED = 'LATCHKEY_LEAN_SERVING';
const SEMI_SPACE = '--max-semi-space-size=8';

export interface Runtime {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  execPath: string;
  execArgv: readonly string[];
  execve?: ((file: string, args: string[], env: NodeJS.ProcessEnv) => never) | undefined;
}

export function relaunchLeanForServing(argv: readonly string[], runtime: Runtime = process): void {
  const { env, execve } = runtime;
  if (argv[2] !== 'serve' || env[RELAUNCHED] !== undefined) return;
  if (runtime.platform !== 'linux' || typeof execve !== 'function') return;
  const ownSemiSpace = runtime.execArgv.some((arg) => arg.startsWith('--max-semi-space-size'));
  const execArgv = ownSemiSpace ? runtime.execArgv : [SEMI_SPACE, ...runtime.execArgv];
  try {
    execve(runtime.execPath, [runtime.execPath, ...execArgv, ...argv.slice(1)], {
      MALLOC_ARENA_MAX: '2',
      MALLOC_MMAP_THRESHOLD_: String(1024 * 1024),
      ...env,
      [RELAUNCHED]: '1',
    });
  } catch {
    // Not allowed here (a sandbox, a seccomp filter): serve with the defaults.
  }
}
