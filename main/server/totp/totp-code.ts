// Our one wrapper around otplib v13 (docs/security.md R16–R18). Parameters are pinned here: SHA-1,
// 6 digits, 30 s steps, a window of exactly one step either side, and the time always passed in
// from the server's clock. otplib is stateless; replay protection (R19) is the caller's job,
// helped by `afterStep`.
import { randomBytes } from 'node:crypto';
import { generate, generateURI, ScureBase32Plugin, verify, type HashAlgorithm } from 'otplib';

export const TOTP_ALGORITHM: HashAlgorithm = 'sha1';
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** Steps accepted either side of the current one (RFC 6238 §5.2 recommends at most one). */
export const TOTP_WINDOW_STEPS = 1;
/** 160 bits, RFC 4226's recommendation. */
export const TOTP_SECRET_BYTES = 20;

const base32 = new ScureBase32Plugin();

/** Vectors and tests may use other algorithms and lengths; the kit itself never does. */
export interface TotpVariant {
  algorithm?: HashAlgorithm;
  digits?: number;
}

export function newTotpSecret(): Uint8Array {
  return randomBytes(TOTP_SECRET_BYTES);
}

/** RFC 4648 base32 without padding, as authenticator apps expect. */
export const encodeBase32 = (secret: Uint8Array): string => base32.encode(secret, { padding: false });
export const decodeBase32 = (secret: string): Uint8Array => base32.decode(secret);

export const totpStep = (epochMs: number): number => Math.floor(epochMs / 1000 / TOTP_PERIOD_SECONDS);

/** The code for the step containing `epochMs`. */
export function totpCodeAt(secret: Uint8Array, epochMs: number, variant: TotpVariant = {}): Promise<string> {
  return generate({
    secret,
    epoch: Math.floor(epochMs / 1000),
    period: TOTP_PERIOD_SECONDS,
    algorithm: variant.algorithm ?? TOTP_ALGORITHM,
    digits: variant.digits ?? TOTP_DIGITS,
  });
}

/**
 * The step `code` belongs to, if it is within the window around `nowMs` and later than
 * `afterStep` (the last step already accepted); otherwise undefined.
 */
export async function verifyTotpCode(
  input: { secret: Uint8Array; code: string; nowMs: number; afterStep?: number | null | undefined },
  variant: TotpVariant = {},
): Promise<number | undefined> {
  const digits = variant.digits ?? TOTP_DIGITS;
  if (input.code.length !== digits || !/^\d+$/.test(input.code)) return undefined;
  const afterStep = input.afterStep ?? undefined;
  // otplib throws when afterStep is past the window; nothing in the window could be accepted.
  if (afterStep !== undefined && afterStep >= totpStep(input.nowMs) + TOTP_WINDOW_STEPS) return undefined;
  const result = await verify({
    secret: input.secret,
    token: input.code,
    epoch: Math.floor(input.nowMs / 1000),
    period: TOTP_PERIOD_SECONDS,
    algorithm: variant.algorithm ?? TOTP_ALGORITHM,
    digits,
    // Set explicitly: otplib's default tolerance is 0 (current step only).
    epochTolerance: TOTP_PERIOD_SECONDS * TOTP_WINDOW_STEPS,
    ...(afterStep !== undefined && { afterTimeStep: afterStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

/** The `otpauth://` URI authenticator apps scan, with every standard parameter spelled out. */
export function otpauthUri(input: { issuer: string; label: string; secret: Uint8Array }): string {
  const uri = generateURI({ issuer: input.issuer, label: input.label, secret: encodeBase32(input.secret) });
  const params = new URLSearchParams(uri.slice(uri.indexOf('?') + 1));
  const extra = [
    ['algorithm', TOTP_ALGORITHM.toUpperCase()],
    ['digits', String(TOTP_DIGITS)],
    ['period', String(TOTP_PERIOD_SECONDS)],
  ].filter(([name]) => !params.has(name!));
  return extra.length === 0 ? uri : `${uri}&${extra.map(([name, value]) => `${name}=${value}`).join('&')}`;
}
