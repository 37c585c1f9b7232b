// One server lifetime: a fresh database, spawn, every scenario at one concurrency, peak RSS, stop.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Cred, SideAdapter } from '../adapters/types.ts';
import { httpClient, type HttpClient } from '../http/client.ts';
import { cpuTimeMs, peakRssMiB, startServer, stopServer } from '../http/server-process.ts';
import { Checkout } from '../lib/checkout.ts';
import { drive, resultOf, type DriveResult } from '../lib/drive.ts';
import { round } from '../lib/stats.ts';
import { pairedFloor, type PairedFloor } from './paired-floor.ts';
import type { Counts, Scenario } from './scenarios.ts';

export const PASSWORD = 'correct horse battery staple';
/** A bound on background sign-ups in the mixed scenario, besides its time window. */
const MIXED_BACKGROUND_CAP = 5000;

export interface MixedResult {
  /** Reads at c1 while 4 clients sign up and sign in without pause. */
  read: DriveResult;
  backgroundOpsPerS: number;
  backgroundErrors: number;
}

export interface LifetimeResult {
  side: string;
  concurrency: number;
  rep: number;
  coldStartMs: number;
  peakRssMiB: number;
  scenarios: Partial<Record<Scenario, DriveResult>>;
  mixed?: MixedResult;
  /** Our side at c16: sign-ins and floor hashes timed in alternated slices (paired-floor.ts). */
  pairedFloor?: PairedFloor;
  /** Why a scenario could not run (setup failed). */
  notes: string[];
}

export async function runLifetime(
  adapter: SideAdapter,
  concurrency: number,
  rep: number,
  n: Counts,
  dir: string,
  { pairFloor = false }: { pairFloor?: boolean } = {},
): Promise<LifetimeResult> {
  const dbFile = join(dir, `${adapter.name}-c${concurrency}-r${rep}.db`);
  const server = await startServer(adapter.launch(dbFile), adapter.readyPort, adapter.probePath);
  const h = httpClient(server.port, concurrency);
  const result: LifetimeResult = {
    side: adapter.name,
    concurrency,
    rep,
    coldStartMs: server.coldStartMs,
    peakRssMiB: Number.NaN,
    scenarios: {},
    notes: [],
  };
  try {
    if (n.warmServerMs > 0) await warmServer(adapter, h, concurrency, n.warmServerMs);
    const serverCpuMs = () => cpuTimeMs(server.child.pid);
    await runScenarios(adapter, h, concurrency, n, dbFile, result, serverCpuMs, pairFloor);
    if (concurrency === 1) result.mixed = await mixed(adapter, h, server.port, n);
    result.peakRssMiB = peakRssMiB(server.child.pid);
  } finally {
    await h.close();
    await stopServer(server.child);
    for (const suffix of ['', ...adapter.dbSidecars]) rmSync(dbFile + suffix, { force: true });
  }
  return result;
}

/**
 * Each client signs up one user and then signs in with it until `ms` have passed, untimed; every
 * answer is still checked. Its users take no part in the scenarios.
 */
async function warmServer(adapter: SideAdapter, h: HttpClient, concurrency: number, ms: number): Promise<void> {
  const tag = randomBytes(3).toString('hex');
  const until = performance.now() + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      const user = { email: `warm-${tag}-${worker}@bench.test`, password: PASSWORD, name: 'Warm-up' };
      await adapter.signUp(h, user);
      while (performance.now() < until) await adapter.signIn(h, user);
    }),
  );
}

async function runScenarios(
  adapter: SideAdapter,
  h: HttpClient,
  concurrency: number,
  n: Counts,
  dbFile: string,
  result: LifetimeResult,
  serverCpuMs: () => number,
  pairFloor: boolean,
): Promise<void> {
  const run = randomBytes(3).toString('hex');
  const email = (kind: string, i: number) => `${kind}-${run}-${i < 0 ? `w${-i}` : i}@bench.test`;
  const { scenarios } = result;

  const signedUp: Cred[] = [];
  scenarios.signup = await drive(
    n.signup,
    concurrency,
    async (i) => {
      const cred = await adapter.signUp(h, { email: email('u', i), password: PASSWORD, name: 'Bench User' });
      if (i >= 0) signedUp.push(cred);
    },
    { warmup: n.warmHash, serverCpuMs },
  );
  if (signedUp.length === 0) throw new Error(`${adapter.name}: sign-up failed: ${scenarios.signup.firstError}`);
  const users = signedUp.map((c) => c.email);

  const signedIn: Cred[] = [];
  scenarios.signin = await drive(
    n.signin,
    concurrency,
    async (i) => {
      const cred = await adapter.signIn(h, { email: users[Math.abs(i) % users.length]!, password: PASSWORD });
      if (i >= 0) signedIn.push(cred);
    },
    { warmup: n.warmHash, serverCpuMs },
  );
  if (signedIn.length === 0) throw new Error(`${adapter.name}: sign-in failed: ${scenarios.signin.firstError}`);
  // Before any user turns TOTP on below: these sign-ins must not meet a second factor.
  if (pairFloor && n.pairedSlices > 0)
    result.pairedFloor = await pairedFloor(
      (i) => adapter.signIn(h, { email: users[Math.abs(i) % users.length]!, password: PASSWORD }),
      serverCpuMs,
      n.pairedSlices,
      n.signin,
    );

  scenarios.read = await drive(n.read, concurrency, (i) => adapter.read(h, signedIn[Math.abs(i) % signedIn.length]!), {
    warmup: n.warmFast,
    serverCpuMs,
  });

  if (adapter.refresh) {
    const refresh = adapter.refresh.bind(adapter);
    const chains = new Checkout(signedIn.map((cred) => ({ cred })));
    scenarios.refresh = await drive(
      n.refresh,
      concurrency,
      () =>
        chains.with(async (chain) => {
          chain.cred = await refresh(h, chain.cred);
        }),
      { warmup: n.warmFast, serverCpuMs },
    );
  }

  // Email code: request + verify, timed; reading the captured code in between is not.
  const warmCode = Math.min(50, n.warmFast);
  const codeUsers = Array.from({ length: adapter.emailUserSingleUse ? n.emailCode + warmCode : n.emailUsers }, (_, i) =>
    email('code', i),
  );
  try {
    await adapter.seedEmailUsers(h, codeUsers, dbFile);
    const pool = new Checkout(codeUsers);
    const flow = async (): Promise<number> => {
      const user = await pool.take();
      try {
        const t0 = performance.now();
        await adapter.emailCodeRequest(h, user);
        const requestMs = performance.now() - t0;
        const code = await adapter.emailCodeFetch(h, user);
        const t1 = performance.now();
        await adapter.emailCodeVerify(h, user, code);
        return requestMs + performance.now() - t1;
      } finally {
        if (!adapter.emailUserSingleUse) pool.give(user);
      }
    };
    scenarios.email_code = await drive(n.emailCode, concurrency, flow, { warmup: warmCode, serverCpuMs });
  } catch (error) {
    result.notes.push(`email code: setup failed: ${(error as Error).message}`);
  }

  // Password + TOTP: users enrolled untimed (from the signed-up ones), then timed sign-ins.
  const needed = Math.min(
    signedUp.length,
    adapter.totpUserSingleUse ? n.signinTotp + n.warmHash : Math.max(1, n.totpUsers),
  );
  const enrolled: Array<{ email: string; secret: string }> = [];
  const enrol = await drive(needed, concurrency, async (i) => {
    const cred = signedUp[i]!;
    enrolled.push({ email: cred.email, secret: await adapter.totpEnable(h, cred, PASSWORD) });
  });
  if (enrolled.length === 0) {
    result.notes.push(`password + TOTP: enrolment failed: ${enrol.firstError}`);
    return;
  }
  const totpPool = new Checkout(enrolled);
  // Single-use users: never more sign-ins than enrolled users left after the warm-up (a --quick run
  // at c16 has fewer sign-ups than that, and a worker would wait for a user forever).
  const totpOps = adapter.totpUserSingleUse ? Math.min(n.signinTotp, enrolled.length - n.warmHash) : n.signinTotp;
  scenarios.signin_totp = await drive(
    totpOps,
    concurrency,
    async () => {
      const user = await totpPool.take();
      try {
        await adapter.signInWithTotp(h, { email: user.email, password: PASSWORD }, user.secret);
      } finally {
        if (!adapter.totpUserSingleUse) totpPool.give(user);
      }
    },
    { warmup: n.warmHash, serverCpuMs },
  );
}

/** Hot-path reads at c1 while 4 other clients sign up and sign in continuously. */
async function mixed(adapter: SideAdapter, h: HttpClient, port: number, n: Counts): Promise<MixedResult> {
  const probe = await adapter.signUp(h, {
    email: `mixed-${randomBytes(3).toString('hex')}@bench.test`,
    password: PASSWORD,
    name: 'Mixed',
  });
  for (let i = 0; i < 50; i++) await adapter.read(h, probe);
  const background = httpClient(port, 4);
  const tag = randomBytes(3).toString('hex');
  let stop = false;
  let backgroundOps = 0;
  let backgroundErrors = 0;
  let seq = 0;
  const workers = Array.from({ length: 4 }, async () => {
    while (!stop && seq < MIXED_BACKGROUND_CAP) {
      const email = `bg-${tag}-${seq++}@bench.test`;
      try {
        await adapter.signUp(background, { email, password: PASSWORD, name: 'Background' });
        backgroundOps += 1;
        if (stop) break;
        await adapter.signIn(background, { email, password: PASSWORD });
        backgroundOps += 1;
      } catch {
        backgroundErrors += 1;
      }
    }
  });
  // Let the background reach steady state, then time reads for a bounded window and count.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const startOps = backgroundOps;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const t0 = performance.now();
  while (latencies.length + errors < n.mixedReads && performance.now() - t0 < n.mixedWindowMs) {
    const start = performance.now();
    try {
      await adapter.read(h, probe);
      latencies.push(performance.now() - start);
    } catch (error) {
      errors += 1;
      firstError ??= (error as Error).message;
    }
  }
  const wallS = (performance.now() - t0) / 1000;
  const backgroundDone = backgroundOps - startOps;
  stop = true;
  await Promise.all(workers);
  await background.close();
  return {
    read: resultOf(latencies, wallS, { errors, firstError }),
    backgroundOpsPerS: round(backgroundDone / wallS),
    backgroundErrors,
  };
}
