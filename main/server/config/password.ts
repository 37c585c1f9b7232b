// Password rules and argon2id hashing: its parameters and how many hashes run or wait at once
// (the `password` group of the server config).
// Each `.describe()` text is its entry in docs/configuration.md (`npm run docs:config`).
import * as z from 'zod';

export const passwordConfigSchema = z.strictObject({
  minLength: z.number().int().min(8).max(64).default(8).describe('Shortest password, in code points after NFKC.'),
  maxLength: z.number().int().min(64).max(128).default(128).describe('Longest password, in code points after NFKC.'),
  memoryKiB: z
    .number()
    .int()
    .min(1024)
    .default(19456)
    .describe('argon2id memory (OWASP row m=19456 KiB, t=2, p=1); changed parameters rehash at the next sign-in.'),
  passes: z.number().int().min(1).default(2).describe('argon2id passes (t).'),
  parallelism: z.number().int().min(1).max(16).default(1).describe('argon2id lanes (p).'),
  maxConcurrentHashes: z
    .number()
    .int()
    .min(1)
    .max(64)
    .optional()
    .describe(
      'Password hashes in flight at once; more wait in line. Default: the number of CPUs, which leaves the main thread (in Electron, also the screens) its share; one more can raise sign-in throughput where the host steals cores ([Benchmarks](benchmarks.md#memory-modes)).',
    ),
  maxQueuedHashes: z
    .number()
    .int()
    .min(0)
    .max(10_000)
    .default(256)
    .describe('Hashes waiting in that line; one more answers RATE_LIMITED (`retryAfter` 1, `reason: busy`) at once.'),
  backend: z
    .enum(['auto', 'native', 'noble'])
    .default('auto')
    .describe('`native` is node:crypto.argon2 (Node ≥ 24.7); `noble` is @noble/hashes in worker threads.'),
});
