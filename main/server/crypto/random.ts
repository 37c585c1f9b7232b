// Small, sharp helpers for secrets: CSPRNG tokens, digests and constant-time comparison.
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual, type KeyObject } from 'node:crypto';

/** base64url of `bytes` random bytes; 32 bytes = 256 bits for refresh and challenge tokens. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function randomId(prefix: string, bytes = 16): string {
  return `${prefix}_${randomBytes(bytes).toString('base64url')}`;
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
