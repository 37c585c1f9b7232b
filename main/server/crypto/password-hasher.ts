// Password storage (docs/security.md R4–R8): argon2id in PHC format, NFKC first, a
// fixed number of hashes in flight, and the same work for unknown accounts as for known ones.
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { hasNativeArgon2, nativeBackend, nobleBackend, type Argon2Backend } from './argon2-backends.ts';
import { formatPhc, parsePhc, sameParams, type Argon2Params } from './phc.ts';
import { AuthError } from '../errors.ts';
import { constantTimeEqual } from './random.ts';
import { QueueFullError, Semaphore } from './semaphore.ts';

const SALT_BYTES = 16;
const HASH_BYTES = 32;

export interface PasswordHasherOptions extends Argon2Params {
  backend: 'auto' | 'native' | 'noble';
  maxConcurrentHashes?: number | undefined;
  /** Hashes allowed to wait for a slot; one more is refused with RATE_LIMITED. */
  maxQueuedHashes?: number | undefined;
}

/** How long a caller refused by a full line is told to wait: a few hash times. */
const BUSY_RETRY_AFTER_SECONDS = 1;

export interface VerifyResult {
  ok: boolean;
  /** The stored hash used other parameters: store a fresh one now that we know the password. */
  needsRehash: boolean;
}

export class PasswordHasher {
  readonly params: Argon2Params;
  readonly backend: Argon2Backend;
  readonly #gate: Semaphore;
  /** Counts KDF runs, so tests can prove unknown and known accounts cost the same. */
  readonly stats = { derivations: 0, maxInFlight: 0, refused: 0 };
  readonly #dummy: string;

  constructor(options: PasswordHasherOptions) {
    this.params = {
      memoryKiB: options.memoryKiB,
      passes: options.passes,
      parallelism: options.parallelism,
    };
    const useNative = options.backend === 'native' || (options.backend === 'auto' && hasNativeArgon2());
    this.backend = useNative ? nativeBackend() : nobleBackend();
    this.#gate = new Semaphore(options.maxConcurrentHashes ?? availableParallelism(), options.maxQueuedHashes);
    // Verifying against this costs one full derivation and can never succeed.
    this.#dummy = formatPhc({ ...this.params, salt: randomBytes(SALT_BYTES), hash: randomBytes(HASH_BYTES) });
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const hash = await this.#derive(password, salt, this.params, HASH_BYTES);
    return formatPhc({ ...this.params, salt, hash });
  }

  /** `stored` null (unknown account, no password) still costs one derivation, then fails. */
  async verify(password: string, stored: string | null): Promise<VerifyResult> {
    const parsed = parsePhc(stored ?? this.#dummy) ?? parsePhc(this.#dummy)!;
    const hash = await this.#derive(password, parsed.salt, parsed, parsed.hash.length);
    const ok = stored !== null && constantTimeEqual(hash, parsed.hash);
    return { ok, needsRehash: ok && !sameParams(parsed, this.params) };
  }

  close(): Promise<void> {
    return this.backend.close();
  }

  async #derive(password: string, salt: Uint8Array, params: Argon2Params, bytes: number): Promise<Buffer> {
    const input = new TextEncoder().encode(password.normalize('NFKC'));
    try {
      return await this.#gate.run(async () => {
        this.stats.derivations += 1;
        this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.#gate.inFlight);
        return this.backend.derive(input, salt, params, bytes);
      });
    } catch (error) {
      if (!(error instanceof QueueFullError)) throw error;
      this.stats.refused += 1;
      throw new AuthError('RATE_LIMITED', { retryAfter: BUSY_RETRY_AFTER_SECONDS, reason: 'busy' });
    }
  }
}
