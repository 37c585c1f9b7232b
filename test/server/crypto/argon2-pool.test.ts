// The worker-thread argon2 pool survives its workers: one that dies (terminated, or crashing on an
// uncaught error) leaves the pool, its job in flight fails at once instead of hanging, and the
// next hash starts a replacement.
import { afterEach, describe, expect, it } from 'vitest';
import { nobleBackend, type NobleBackend } from '../../../main/server/crypto/argon2-backends.ts';
import { PasswordHasher } from '../../../main/server/crypto/password-hasher.ts';

const FAST = { memoryKiB: 1024, passes: 1, parallelism: 1 };
// Slow enough (tens of milliseconds at least) to still be running when its worker is stopped.
const SLOW = { memoryKiB: 65_536, passes: 3, parallelism: 1 };
const password = new TextEncoder().encode('correct horse battery staple');
const salt = new Uint8Array(16).fill(7);

const pools: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
});

function pool(size: number): NobleBackend {
  const backend = nobleBackend(size);
  pools.push(backend);
  return backend;
}

describe('noble argon2 worker pool', () => {
  it('rejects the job of a terminated worker, replaces it, and hashes on', async () => {
    const backend = pool(2);
    const reference = await backend.derive(password, salt, FAST, 32);
    const inFlight = backend.derive(password, salt, SLOW, 32); // the pool's second worker takes it
    expect(backend.workers).toHaveLength(2);
    await backend.workers[1]!.terminate();
    await expect(inFlight).rejects.toThrow(/argon2 worker exited/);
    expect(backend.workers).toHaveLength(1);

    const again = await Promise.all([1, 2, 3].map(() => backend.derive(password, salt, FAST, 32)));
    for (const hash of again) expect(hash.equals(reference)).toBe(true);
    expect(backend.workers).toHaveLength(2);
  });

  it('rejects the job of a worker that crashes on an uncaught error', async () => {
    const backend = pool(1);
    await backend.derive(password, salt, FAST, 32);
    // A message the worker cannot even answer: it throws outside its try and the thread dies
    // before it reaches the job queued behind it.
    backend.workers[0]!.postMessage(null);
    const inFlight = backend.derive(password, salt, FAST, 32);
    await expect(inFlight).rejects.toThrow(/Cannot read properties of null/);
    expect(backend.workers).toHaveLength(0);
    await expect(backend.derive(password, salt, FAST, 32)).resolves.toHaveLength(32);
  });

  it('a dead worker costs the password hasher one failed hash, not a stuck queue', async () => {
    const hasher = new PasswordHasher({ ...FAST, backend: 'noble', maxConcurrentHashes: 1 });
    pools.push(hasher);
    const backend = hasher.backend as NobleBackend;
    const stored = await hasher.hash('a long passphrase of mine');
    const doomed = hasher.hash('another long passphrase');
    const queued = hasher.verify('a long passphrase of mine', stored); // waits for the only slot
    for (const worker of backend.workers) await worker.terminate();
    await expect(doomed).rejects.toThrow(/argon2 worker exited/);
    await expect(queued).resolves.toEqual({ ok: true, needsRehash: false });
  });
});
