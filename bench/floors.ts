// Floors, measured in the same run as the servers: what the hardware and the libraries cost
// before any auth server adds its own work. Each scenario is later reported as a multiple of its
// floor. The hash and HTTP floors are measured before and after the servers, and each keeps the
// better pass: a floor is the least cost seen, and the machine is shared.
import { randomBytes, scrypt } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, generateKeyPair, jwtVerify } from 'jose';
import { parseConfig } from '../main/server/config.ts';
import { hasNativeArgon2, nativeBackend, nobleBackend } from '../main/server/crypto/argon2-backends.ts';
import { drive, type DriveResult } from './lib/drive.ts';
import { httpClient } from './http/client.ts';
import { peakRssMiB, startServer, stopServer } from './http/server-process.ts';

/** better-auth's password hash: scrypt via node:crypto on libuv's pool (see bench/peer). */
export const PEER_SCRYPT = { N: 16384, r: 16, p: 1, dkLen: 64 } as const;

type Log = (line: string) => void;

export interface HashFloor {
  params: Record<string, number | string>;
  /** One hash alone (c1) and 16 in flight (c16). */
  c1: DriveResult;
  c16: DriveResult;
}

export interface HttpFloor {
  hello: DriveResult;
  sqliteRead: DriveResult;
}

interface Pass {
  argon2id: HashFloor;
  scrypt: HashFloor;
  http: Record<'c1' | 'c16', HttpFloor>;
  /**
   * 16 clients, each POSTing for one argon2id hash to a bare node:http server that does nothing
   * else (one hash per core at a time), through the same load generator as the servers: the most
   * any server can reach in sign-ins here, HTTP, client and all.
   */
  argon2idOverHttp: DriveResult;
}

export interface Floors extends Pass {
  /**
   * The least CPU one argon2id hash took in any pass, alone or 16 in flight: what a sign-in's CPU
   * is compared with. The least, because a pass can catch this process's own start-up work (V8
   * compiling and collecting in its background threads) in its CPU time.
   */
  argon2idCpuMsPerHash: number | undefined;
  /** Every pass; the fields above keep the best of them per measure. */
  passes: Pass[];
  joseEdDsaVerify: DriveResult;
  bareColdStartMs: number;
  bareHttpSqlitePeakRssMiB: number;
}

export async function measureFloors(dir: string, scale: number, log: Log): Promise<Floors> {
  const pass = await measurePass(dir, scale, log);
  const { privateKey, publicKey } = await generateKeyPair('EdDSA');
  const token = await new SignJWT({ sid: 's1', did: 'd1' })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' })
    .setIssuer('latchkey')
    .setAudience('latchkey-app')
    .setSubject('1')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(privateKey);
  const joseEdDsaVerify = await drive(
    Math.max(200, Math.round(2000 * scale)),
    1,
    () => jwtVerify(token, publicKey, { algorithms: ['EdDSA'], issuer: 'latchkey', audience: 'latchkey-app' }),
    { warmup: 300 },
  );
  log(`  jose EdDSA verify: ${joseEdDsaVerify.opsPerS}/s, p50 ${joseEdDsaVerify.p50Ms} ms`);
  const bare = await startServer(floorServer(dir, []), readyPort, '/hello');
  await stopServer(bare.child);
  return {
    ...pass,
    passes: [pass],
    argon2idCpuMsPerHash: leastHashCpu([pass]),
    joseEdDsaVerify,
    bareColdStartMs: bare.coldStartMs,
    bareHttpSqlitePeakRssMiB: pass.rss,
  };
}

/** Another pass after the servers ran; keeps, per measure, the better of all passes. */
export async function remeasureFloors(floors: Floors, dir: string, scale: number, log: Log): Promise<void> {
  floors.passes.push(await measurePass(dir, scale, log));
  const fastest = (results: DriveResult[]) => results.reduce((a, b) => (b.opsPerS > a.opsPerS ? b : a));
  const quickest = (results: DriveResult[]) => results.reduce((a, b) => (b.p50Ms < a.p50Ms ? b : a));
  for (const kind of ['argon2id', 'scrypt'] as const) {
    const all = floors.passes.map((p) => p[kind]);
    floors[kind] = {
      params: floors[kind].params,
      c1: quickest(all.map((h) => h.c1)),
      c16: fastest(all.map((h) => h.c16)),
    };
  }
  floors.argon2idCpuMsPerHash = leastHashCpu(floors.passes);
  for (const conc of ['c1', 'c16'] as const) {
    const all = floors.passes.map((p) => p.http[conc]);
    floors.http[conc] = { hello: fastest(all.map((h) => h.hello)), sqliteRead: fastest(all.map((h) => h.sqliteRead)) };
  }
  floors.argon2idOverHttp = fastest(floors.passes.map((p) => p.argon2idOverHttp));
}

async function measurePass(dir: string, scale: number, log: Log): Promise<Pass & { rss: number }> {
  const hashes = await measureHashes(scale, log);
  const { http, rss } = await measureHttp(dir, scale, log);
  const argon2idOverHttp = await measureHashOverHttp(dir, scale, log);
  return { ...hashes, http, argon2idOverHttp, rss };
}

function leastHashCpu(passes: Pass[]): number | undefined {
  const all = passes.flatMap((p) => [p.argon2id.c1.serverCpuMsPerOp, p.argon2id.c16.serverCpuMsPerOp]);
  const measured = all.filter((cpu): cpu is number => cpu !== undefined);
  return measured.length > 0 ? Math.min(...measured) : undefined;
}

/** This process's CPU time so far (every thread), in ms. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Latchkey's default argon2id parameters on the backend the server would pick, and one hash. */
export function ourArgon2id() {
  const { memoryKiB, passes, parallelism } = parseConfig({}).password;
  const backend = hasNativeArgon2() ? nativeBackend() : nobleBackend();
  const password = new TextEncoder().encode('correct horse battery staple');
  return {
    backend,
    params: { memoryKiB, passes, parallelism, backend: backend.name },
    hash: () => backend.derive(password, randomBytes(16), { memoryKiB, passes, parallelism }, 32),
  };
}

/** Both password hashes: one alone (latency) and 16 in flight (capacity). */
async function measureHashes(scale: number, log: Log): Promise<Pick<Pass, 'argon2id' | 'scrypt'>> {
  const n = (count: number, min: number): number => Math.max(min, Math.round(count * scale));
  const { backend, params, hash: argon } = ourArgon2id();
  await argon();
  // Nothing else runs in this process meanwhile, so its CPU time (every thread) is the hashes'.
  const argon2id: HashFloor = {
    params,
    c1: await drive(n(8, 4), 1, argon, { serverCpuMs: ownCpuMs }),
    c16: await drive(n(32, 16), 16, argon, { serverCpuMs: ownCpuMs }),
  };
  await backend.close();
  log(`  argon2id (ours): ${argon2id.c1.p50Ms} ms alone, ${argon2id.c16.opsPerS}/s with 16 in flight`);

  const scryptOnce = () =>
    new Promise<Buffer>((resolve, reject) =>
      scrypt(
        'correct horse battery staple',
        randomBytes(16).toString('hex'),
        PEER_SCRYPT.dkLen,
        { N: PEER_SCRYPT.N, r: PEER_SCRYPT.r, p: PEER_SCRYPT.p, maxmem: 256 * PEER_SCRYPT.N * PEER_SCRYPT.r },
        (error, key) => (error ? reject(error) : resolve(key)),
      ),
    );
  await scryptOnce();
  const scryptFloor: HashFloor = {
    params: { ...PEER_SCRYPT },
    c1: await drive(n(8, 4), 1, scryptOnce),
    c16: await drive(n(32, 16), 16, scryptOnce),
  };
  log(`  scrypt (peer's): ${scryptFloor.c1.p50Ms} ms alone, ${scryptFloor.c16.opsPerS}/s with 16 in flight`);
  return { argon2id, scrypt: scryptFloor };
}

/** Bare node:http (hello) and node:http + one SQLite point read, through the same load generator. */
async function measureHttp(dir: string, scale: number, log: Log): Promise<{ http: Pass['http']; rss: number }> {
  const file = join(dir, 'floor.db');
  const server = await startServer(floorServer(dir, [file]), readyPort, '/hello');
  const http = {} as Pass['http'];
  try {
    for (const concurrency of [1, 16] as const) {
      const client = httpClient(server.port, concurrency);
      const count = Math.max(200, Math.round((concurrency === 1 ? 3000 : 6000) * scale));
      const ok = async (path: string) => {
        const reply = await client.req('GET', path);
        if (reply.status !== 200) throw new Error(`floor ${path}: HTTP ${reply.status}`);
      };
      http[`c${concurrency}`] = {
        hello: await drive(count, concurrency, () => ok('/hello'), { warmup: 500 }),
        sqliteRead: await drive(count, concurrency, (i) => ok(`/read?i=${Math.abs(i)}`), { warmup: 500 }),
      };
      await client.close();
      const f = http[`c${concurrency}`];
      log(`  node:http + SQLite read c${concurrency}: ${f.sqliteRead.opsPerS}/s, p50 ${f.sqliteRead.p50Ms} ms`);
    }
    return { http, rss: peakRssMiB(server.child.pid) };
  } finally {
    await stopServer(server.child);
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
}

/** POST /hash at c16 against a bare node:http server that only hashes (its own process: its RSS is not the floor's). */
async function measureHashOverHttp(dir: string, scale: number, log: Log): Promise<DriveResult> {
  const { memoryKiB, passes, parallelism } = parseConfig({}).password;
  const params = JSON.stringify({ memoryKiB, passes, parallelism });
  const server = await startServer(floorServer(dir, [`--argon2id=${params}`]), readyPort, '/hello');
  const client = httpClient(server.port, 16);
  try {
    const result = await drive(
      Math.max(32, Math.round(96 * scale)),
      16,
      async () => {
        const reply = await client.req('POST', '/hash', { json: {} });
        if (reply.status !== 200) throw new Error(`floor /hash: HTTP ${reply.status}`);
      },
      { warmup: 8 },
    );
    log(`  node:http + argon2id only, c16: ${result.opsPerS}/s`);
    return result;
  } finally {
    await client.close();
    await stopServer(server.child);
  }
}

function floorServer(dir: string, args: string[]) {
  return { command: process.execPath, args: [join(import.meta.dirname, 'http', 'floor-server.ts'), ...args], cwd: dir };
}

function readyPort(stdout: string): number | undefined {
  const match = /READY (\{.*\})/.exec(stdout);
  return match ? (JSON.parse(match[1]!) as { port: number }).port : undefined;
}
