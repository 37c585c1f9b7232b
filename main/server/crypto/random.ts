// Small, sharp helpers for secrets: CSPRNG tokens, digests and constant-time comparison.
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual, type KeyObject } from 'node:crypto';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/**
 * CSPRNG bytes for identifiers, tokens and salts, drawn from a pool refilled 4 KiB at a time (as
 * crypto.randomUUID does): one call into OpenSSL per hundred tokens, where each call costs more
 * than the bytes. Every byte is handed out once; a refill takes a new buffer, so the bytes behind
 * an earlier result never change. Keys are not drawn from here: they come from randomBytes.
 */
export function pooledRandomBytes(bytes: number): Buffer {
  if (bytes > POOL_BYTES / 8) return randomBytes(bytes);
  if (poolOffset + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const out = pool.subarray(poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return out;
}

/** base64url of `bytes` random bytes; 32 bytes = 256 bits for refresh and challenge tokens. */
export function randomToken(bytes = 32): string {
  return pooledRandomBytes(bytes).toString('base64url');
}

export function randomId(prefix: string, bytes = 16): string {
  return `${prefix}_${pooledRandomBytes(bytes).toString('base64url')}`;
}

/** `digits` decimal digits, uniform (crypto.randomInt has no modulo bias), zero-padded. */
export function randomDigits(digits = 6): string {
  return String(randomInt(0, 10 ** digits)).padStart(digits, '0');
}

export function sha256(value: string | Uint8Array): Buffer {
  return createHash('sha256').update(value).digest();
}

/** A key used for many HMACs is best a KeyObject: a raw key is imported again on every call. */
export function hmacSha256(key: KeyObject | Uint8Array, value: string | Uint8Array): Buffer {
  return createHmac('sha256', key).update(value).digest();
}

/** Compares secrets without leaking, through timing, where they first differ. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
