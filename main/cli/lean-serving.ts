// `latchkey serve` is a long-running server, so before anything else loads it restarts itself, in
// the same process (execve: same PID, same stdio, signals still reach it), with the memory settings
// `--memory` chose. glibc reads them only at start-up, hence the restart; it costs one Node start.
// - Both modes: glibc gives each thread that allocates its own malloc arena and keeps freed memory
//   there, so every libuv thread that ran an argon2id hash would hold its 19 MiB block for good.
//   Two arenas (MALLOC_ARENA_MAX=2) hold what two concurrent hashes need.
// - lean (the default): glibc raises its mmap threshold to the size of the last large block freed,
//   so after the first hash every block would come from an arena and stay there. A fixed 1 MiB
//   threshold (MALLOC_MMAP_THRESHOLD_) maps each block on its own and returns it when its hash
//   ends. Mapping it afresh means faulting it in page by page on every hash, so glibc is also asked
//   to back such mappings with transparent huge pages (glibc.malloc.hugetlb=1, where the kernel
//   offers them on request): ten or so faults per block instead of thousands. V8's young
//   generation is capped at 8 MiB semi-spaces: a request's garbage dies young either way.
// - fast: blocks come from the two arenas and are reused without faults. Both the mmap threshold
//   (at the largest value glibc accepts, 32 MiB) and the trim threshold are fixed: with either left
//   dynamic, glibc hands a freed block's pages back and the next hash faults them in again, which
//   costs as much system time as lean does. More resident memory, less CPU per hash, and V8 sizes
//   its young generation itself.
// The trade-off, with measurements, is in docs/benchmarks.md. A setting the user chose wins;
// elsewhere (Windows, macOS, no process.execve) nothing changes.
export const RELAUNCHED = 'LATCHKEY_LEAN_SERVING';
export const MEMORY_MODES = ['lean', 'fast'] as const;
export type MemoryMode = (typeof MEMORY_MODES)[number];
/** A desktop app's server signs in one person now and then: memory held all day matters more. */
export const DEFAULT_MEMORY_MODE: MemoryMode = 'lean';
const SEMI_SPACE = '--max-semi-space-size=8';
const MiB = 1024 * 1024;

export interface Runtime {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  execPath: string;
  execArgv: readonly string[];
  execve?: ((file: string, args: string[], env: NodeJS.ProcessEnv) => never) | undefined;
}

/** The environment each mode adds (below whatever the user set). */
export function memoryEnvironment(mode: MemoryMode): Record<string, string> {
  const arenas = { MALLOC_ARENA_MAX: '2' };
  if (mode === 'fast')
    return { ...arenas, MALLOC_MMAP_THRESHOLD_: String(32 * MiB), MALLOC_TRIM_THRESHOLD_: String(64 * MiB) };
  return { ...arenas, MALLOC_MMAP_THRESHOLD_: String(MiB), GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' };
}

/**
 * `serve`'s `--memory` value: the default when absent, undefined when it is not a mode (then no
 * restart happens and the command line refuses the value).
 */
export function memoryModeOf(argv: readonly string[]): MemoryMode | undefined {
  let value: string | undefined = DEFAULT_MEMORY_MODE;
  argv.forEach((arg, i) => {
    if (arg === '--memory') value = argv[i + 1];
    else if (arg.startsWith('--memory=')) value = arg.slice('--memory='.length);
  });
  return MEMORY_MODES.find((mode) => mode === value);
}

export function relaunchLeanForServing(argv: readonly string[], runtime: Runtime = process): void {
  const { env, execve } = runtime;
  if (argv[2] !== 'serve' || env[RELAUNCHED] !== undefined) return;
  if (runtime.platform !== 'linux' || typeof execve !== 'function') return;
  const mode = memoryModeOf(argv.slice(3));
  if (mode === undefined) return;
  const ownSemiSpace =
    runtime.execArgv.some((arg) => arg.startsWith('--max-semi-space-size')) ||
    (env['NODE_OPTIONS'] ?? '').includes('--max-semi-space-size');
  const execArgv = ownSemiSpace || mode === 'fast' ? runtime.execArgv : [SEMI_SPACE, ...runtime.execArgv];
  try {
    execve(runtime.execPath, [runtime.execPath, ...execArgv, ...argv.slice(1)], {
      ...memoryEnvironment(mode),
      ...env,
      [RELAUNCHED]: '1',
    });
  } catch {
    // Not allowed here (a sandbox, a seccomp filter): serve with the defaults.
  }
}
