// Phase 1 (docs/benchmarks.md): the auth server in this process, called through
// createAuthServer().caller(...) exactly as embedding Node code calls it. Production settings:
// default argon2id parameters and a temp-file database opened with the real pragmas (WAL, group
// commit: every answer waits for an fdatasync of the WAL, foreign keys, secure_delete).
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { createAuthServer, type AuthServer } from '../main/server/index.ts';
import type { AuthResult, SignInResult } from '../shared/types.ts';
import { Checkout } from './lib/checkout.ts';
import { drive, resultOf, type DriveResult } from './lib/drive.ts';
import { median, round } from './lib/stats.ts';
import { judge, type Target } from './lib/targets.ts';

export const PASSWORD = 'correct horse battery staple';

export interface InProcessMeasure {
  scenario: 'register' | 'password sign-in' | 'refresh' | 'account.me';
  concurrency: number;
  result: DriveResult;
}

export interface InProcessResult {
  settings: {
    argon2id: { memoryKiB: number; passes: number; parallelism: number; backend: string };
    maxConcurrentHashes: number;
    journalMode: string;
    synchronous: string;
  };
  hash: { singleMs: number; samplesMs: number[]; with16InFlight: DriveResult };
  measures: InProcessMeasure[];
  /** Event-loop delay (perf_hooks, 1 ms resolution; the raw figure includes that 1 ms tick). */
  eventLoop: { p50Ms: number; p99Ms: number; maxMs: number; idleP99Ms: number; signIns: DriveResult };
  /** account.me latency while 16 password sign-ins run (the reader yields between calls). */
  readWhileHashing: { read: DriveResult; signIns: DriveResult };
  targets: Target[];
}

export interface InProcessCounts {
  register: [number, number];
  signIn: [number, number];
  refresh: [number, number];
  me: [number, number];
  hashSerial: number;
  hashParallel: number;
  underLoadSignIns: number;
}

export function inProcessCounts(scale: number): InProcessCounts {
  const s = (n: number, min = 16): number => Math.max(min, Math.round(n * scale));
  return {
    register: [s(16, 4), s(48)],
    signIn: [s(16, 4), s(64)],
    refresh: [s(500), s(1000)],
    me: [s(20_000), s(20_000)],
    hashSerial: s(8, 3),
    hashParallel: s(32),
    underLoadSignIns: s(96),
  };
}

const CONCURRENCIES = [1, 16] as const;
/** How long the event-loop delay is sampled with nothing running, as the machine's baseline. */
const IDLE_SAMPLE_MS = 1000;

export async function runInProcess(dir: string, counts: InProcessCounts, log: (line: string) => void) {
  const database = join(dir, 'in-process.db');
  const server = createAuthServer({ database });
  try {
    return await measureAll(server, counts, log);
  } finally {
    await server.close();
    for (const suffix of ['', '-wal', '-shm', '.key']) rmSync(database + suffix, { force: true });
  }
}

async function measureAll(server: AuthServer, counts: InProcessCounts, log: (line: string) => void) {
  const { hasher, db, config, commits } = server.services;
  const cores = availableParallelism();
  const measures: InProcessMeasure[] = [];
  const record = (scenario: InProcessMeasure['scenario'], concurrency: number, result: DriveResult): void => {
    measures.push({ scenario, concurrency, result });
    log(`  ${scenario} c${concurrency}: ${result.opsPerS}/s p50 ${result.p50Ms} ms${errorsNote(result)}`);
  };

  // One argon2id hash alone, then the hasher's capacity with 16 in flight.
  await hasher.hash(PASSWORD);
  const samplesMs: number[] = [];
  for (let i = 0; i < counts.hashSerial; i++) {
    const t0 = performance.now();
    await hasher.hash(PASSWORD);
    samplesMs.push(round(performance.now() - t0));
  }
  const singleMs = round(median(samplesMs));
  const with16InFlight = await drive(counts.hashParallel, 16, () => hasher.hash(PASSWORD));
  log(`  argon2id hash: ${singleMs} ms alone, ${with16InFlight.opsPerS}/s with 16 in flight`);

  const run = Date.now().toString(36);
  const emails: string[] = [];
  const caller = server.caller();
  for (const [k, concurrency] of CONCURRENCIES.entries()) {
    const result = await drive(
      counts.register[k]!,
      concurrency,
      async (i) => {
        const email = `r${run}-c${concurrency}-${i < 0 ? `w${-i}` : i}@example.com`;
        tokensOf(await caller.auth.register({ email, password: PASSWORD, name: 'Bench User' }));
        if (i >= 0) emails.push(email);
      },
      { warmup: Math.min(concurrency, 4) },
    );
    record('register', concurrency, result);
  }
  if (emails.length === 0) throw new Error('register failed every time; nothing else can be measured');

  const sessions: AuthResult['tokens'][] = [];
  const signIn = async (i: number): Promise<AuthResult['tokens']> =>
    tokensOf(await caller.auth.login({ email: emails[Math.abs(i) % emails.length]!, password: PASSWORD }));
  for (const [k, concurrency] of CONCURRENCIES.entries()) {
    const result = await drive(
      counts.signIn[k]!,
      concurrency,
      async (i) => {
        const tokens = await signIn(i);
        if (i >= 0 && sessions.length < 16) sessions.push(tokens);
      },
      { warmup: Math.min(concurrency, 4) },
    );
    record('password sign-in', concurrency, result);
  }
  if (sessions.length === 0) throw new Error('password sign-in failed every time');

  // Refresh rotates: each chain (one session, its latest refresh token) serves one worker at a time.
  const allChains = sessions.map((t) => ({ refreshToken: t.refreshToken }));
  for (const [k, concurrency] of CONCURRENCIES.entries()) {
    const chains = new Checkout(allChains.slice(0, concurrency));
    const result = await drive(
      counts.refresh[k]!,
      concurrency,
      () =>
        chains.with(async (chain) => {
          chain.refreshToken = tokensOf(await caller.auth.refresh({ refreshToken: chain.refreshToken })).refreshToken;
        }),
      { warmup: 50 },
    );
    record('refresh', concurrency, result);
  }

  // The hot path: an authenticated read (access tokens stay valid across refreshes until they expire).
  const readers = sessions.map((t) => server.caller({ accessToken: t.accessToken }));
  const me = async (i: number): Promise<void> => {
    const user = await readers[Math.abs(i) % readers.length]!.account.me();
    if (!user || typeof user !== 'object') throw new Error('account.me returned nothing');
  };
  for (const [k, concurrency] of CONCURRENCIES.entries()) {
    record('account.me', concurrency, await drive(counts.me[k]!, concurrency, me, { warmup: 2000 }));
  }

  // Event-loop delay with nothing running (what the machine's other tenants cost), then while 16
  // password sign-ins are in flight the whole time.
  const idle = monitorEventLoopDelay({ resolution: 1 });
  idle.enable();
  await sleep(IDLE_SAMPLE_MS);
  idle.disable();
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const lagSignIns = await drive(counts.underLoadSignIns, 16, signIn);
  histogram.disable();
  const eventLoop = {
    p50Ms: round(histogram.percentile(50) / 1e6),
    p99Ms: round(histogram.percentile(99) / 1e6),
    maxMs: round(histogram.max / 1e6),
    idleP99Ms: idle.count >= 50 ? round(idle.percentile(99) / 1e6) : Number.NaN,
    signIns: lagSignIns,
  };
  log(
    `  event-loop delay with 16 sign-ins in flight: p99 ${eventLoop.p99Ms} ms (max ${eventLoop.maxMs}; idle p99 ${eventLoop.idleP99Ms})`,
  );

  // And what a caller of the hot path sees meanwhile.
  const readLatencies: number[] = [];
  let hashing = true;
  const reader = (async () => {
    const t0 = performance.now();
    for (let i = 0; hashing && i < 50_000; i++) {
      const start = performance.now();
      await me(i);
      readLatencies.push(performance.now() - start);
      await nextTurn();
    }
    return (performance.now() - t0) / 1000;
  })();
  const hotSignIns = await drive(counts.underLoadSignIns, 16, signIn);
  hashing = false;
  const readWall = await reader;
  const readWhileHashing = {
    read: resultOf(readLatencies, readWall),
    signIns: hotSignIns,
  };
  log(
    `  account.me while 16 sign-ins hash: p50 ${readWhileHashing.read.p50Ms} ms p99 ${readWhileHashing.read.p99Ms} ms`,
  );

  const find = (scenario: InProcessMeasure['scenario'], concurrency: number): DriveResult | undefined =>
    measures.find((m) => m.scenario === scenario && m.concurrency === concurrency)?.result;
  const meC1 = find('account.me', 1);
  const signIn16 = find('password sign-in', 16);
  const ideal = cores / (singleMs / 1000);
  const share = signIn16 ? signIn16.opsPerS / ideal : Number.NaN;
  const targets: Target[] = [
    judge(
      'authenticated read (account.me) p50 in process',
      meC1 ? meC1.p50Ms < 0.1 : undefined,
      `${meC1?.p50Ms} ms at c1`,
      '< 0.1 ms',
    ),
    judge(
      'event-loop delay p99 while 16 password sign-ins run',
      eventLoop.p99Ms < 10,
      `${eventLoop.p99Ms} ms`,
      '< 10 ms',
    ),
    judge(
      'password sign-in throughput vs cores ÷ one hash time',
      Number.isFinite(share) ? share >= 0.9 : undefined,
      `${signIn16?.opsPerS}/s at c16 = ${round(share * 100)}% of ${cores} ÷ ${singleMs} ms = ${round(ideal)}/s; ` +
        `the hasher alone managed ${with16InFlight.opsPerS}/s with 16 in flight`,
      '≥ 90%',
    ),
  ];

  const settings = {
    argon2id: { ...hasher.params, backend: hasher.backend.name },
    maxConcurrentHashes: config.password.maxConcurrentHashes ?? cores,
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    synchronous:
      (['OFF', 'NORMAL', 'FULL', 'EXTRA'][Number(db.pragma('synchronous', { simple: true }))] ?? '?') +
      (commits.grouped ? ' + group commit (WAL fdatasync before every answer)' : ''),
  };
  return {
    settings,
    hash: { singleMs, samplesMs, with16InFlight },
    measures,
    eventLoop,
    readWhileHashing,
    targets,
  } satisfies InProcessResult;
}

function tokensOf(result: SignInResult): AuthResult['tokens'] {
  if (result.requires2fa) throw new Error('unexpected second-factor challenge');
  return result.tokens;
}

function errorsNote(result: DriveResult): string {
  return result.errors ? ` (${result.errors} errors, first: ${result.firstError})` : '';
}
