// Floors, measured in the same run as the servers: what the hardware and the libraries cost
// before any auth server adds its own work. Each scenario is later reported as a multiple of its
// floor.
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

export interface HashFloors {
  argon2id: HashFloor;
  scrypt: HashFloor;
}

export interface Floors extends HashFloors {
  /** Hash floors are measured before and after the servers; argon2id/scrypt keep the best of them. */
  hashPasses: HashFloors[];
  joseEdDsaVerify: DriveResult;
  http: Record<'c1' | 'c16', HttpFloor>;
  bareColdStartMs: number;
  bareHttpSqlitePeakRssMiB: number;
}

export async function measureFloors(dir: string, scale: number, log: (line: string) => void): Promise<Floors> {
  const n = (count: number, min = 16): number => Math.max(min, Math.round(count * scale));

  const hashes = await measureHashes(scale, log);
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
    n(2000),
    1,
    () => jwtVerify(token, publicKey, { algorithms: ['EdDSA'], issuer: 'latchkey', audience: 'latchkey-app' }),
    { warmup: 300 },
  );
  log(`  jose EdDSA verify: ${joseEdDsaVerify.opsPerS}/s, p50 ${joseEdDsaVerify.p50Ms} ms`);

  const script = join(import.meta.dirname, 'http', 'floor-server.ts');
  const ready = (stdout: string): number | undefined => {
    const match = /READY (\{.*\})/.exec(stdout);
    return match ? (JSON.parse(match[1]!) as { port: number }).port : undefined;
  };
  const launch = (args: string[]) => ({ command: process.execPath, args: [script, ...args], cwd: dir });
  const bare = await startServer(launch([]), ready, '/hello');
  await stopServer(bare.child);

  const file = join(dir, 'floor.db');
  const server = await startServer(launch([file]), ready, '/hello');
  const http = {} as Floors['http'];
  try {
    for (const concurrency of [1, 16] as const) {
      const client = httpClient(server.port, concurrency);
      const count = n(concurrency === 1 ? 3000 : 6000, 200);
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
    return {
      ...hashes,
      hashPasses: [hashes],
      joseEdDsaVerify,
      http,
      bareColdStartMs: bare.coldStartMs,
      bareHttpSqlitePeakRssMiB: peakRssMiB(server.child.pid),
    };
  } finally {
    await stopServer(server.child);
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
}

/** One pass over both password hashes: one alone (latency) and 16 in flight (capacity). */
export async function measureHashes(scale: number, log: (line: string) => void): Promise<HashFloors> {
  const n = (count: number, min: number): number => Math.max(min, Math.round(count * scale));
  const { memoryKiB, passes, parallelism } = parseConfig({}).password;
  const backend = hasNativeArgon2() ? nativeBackend() : nobleBackend();
  const password = new TextEncoder().encode('correct horse battery staple');
  const argon = () => backend.derive(password, randomBytes(16), { memoryKiB, passes, parallelism }, 32);
  await argon();
  const argon2id: HashFloor = {
    params: { memoryKiB, passes, parallelism, backend: backend.name },
    c1: await drive(n(8, 4), 1, argon),
    c16: await drive(n(32, 16), 16, argon),
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

/** Measures the hashes again and keeps, per hash and concurrency, the best pass: a floor is the least cost seen. */
export async function remeasureHashes(floors: Floors, scale: number, log: (line: string) => void): Promise<void> {
  const again = await measureHashes(scale, log);
  floors.hashPasses.push(again);
  for (const kind of ['argon2id', 'scrypt'] as const) {
    const passes = floors.hashPasses.map((p) => p[kind]);
    floors[kind] = {
      params: floors[kind].params,
      c1: passes.map((p) => p.c1).reduce((a, b) => (b.p50Ms < a.p50Ms ? b : a)),
      c16: passes.map((p) => p.c16).reduce((a, b) => (b.opsPerS > a.opsPerS ? b : a)),
    };
  }
}
