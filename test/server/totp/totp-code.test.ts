// Our TOTP wrapper against the RFC 6238 Appendix B vectors and the kit's window table
// (RFC 4226 Appendix D, RFC 6238 Appendix B and the ±1-step policy vectors, copied verbatim), with the epoch injected (R16, R18, R19).
import { describe, expect, it } from 'vitest';
import {
  decodeBase32,
  encodeBase32,
  newTotpSecret,
  TOTP_ALGORITHM,
  TOTP_DIGITS,
  TOTP_PERIOD_SECONDS,
  TOTP_WINDOW_STEPS,
  totpCodeAt,
  verifyTotpCode,
} from '../../../main/server/totp/totp-code.ts';

const ascii = (text: string) => new TextEncoder().encode(text);
const SEEDS = {
  sha1: ascii('12345678901234567890'),
  sha256: ascii('12345678901234567890123456789012'),
  sha512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
} as const;

// | Unix time (s) | UTC | T (hex) | TOTP SHA-1 | TOTP SHA-256 | TOTP SHA-512 |
const APPENDIX_B = [
  [59, '1970-01-01 00:00:59', '0000000000000001', '94287082', '46119246', '90693936'],
  [1111111109, '2005-03-18 01:58:29', '00000000023523EC', '07081804', '68084774', '25091201'],
  [1111111111, '2005-03-18 01:58:31', '00000000023523ED', '14050471', '67062674', '99943326'],
  [1234567890, '2009-02-13 23:31:30', '000000000273EF07', '89005924', '91819424', '93441116'],
  [2000000000, '2033-05-18 03:33:20', '0000000003F940AA', '69279037', '90698825', '38618901'],
  [20000000000, '2603-10-11 11:33:20', '0000000027BC86AA', '65353130', '77737706', '47863826'],
] as const;

// With SHA-1 seed above, 6 digits, window ±1, server time t = 1111111111 (T = 0x23523ED):
// | step | T (hex) | 6-digit code | expected |
const WINDOW_TABLE = [
  ['T−2', '00000000023523EB', '731029', 'reject'],
  ['T−1', '00000000023523EC', '081804', 'accept'],
  ['T', '00000000023523ED', '050471', 'accept'],
  ['T+1', '00000000023523EE', '266759', 'accept'],
  ['T+2', '00000000023523EF', '306183', 'reject'],
] as const;
const SERVER_TIME_MS = 1111111111 * 1000;

describe('TOTP wrapper: RFC 6238 Appendix B', () => {
  for (const [seconds, utc, stepHex, sha1, sha256, sha512] of APPENDIX_B) {
    it(`matches every algorithm at ${seconds} (${utc})`, async () => {
      const ms = seconds * 1000;
      expect(new Date(ms).toISOString().replace('T', ' ').slice(0, 19)).toBe(utc);
      expect(Math.floor(seconds / 30)).toBe(parseInt(stepHex, 16));
      for (const [algorithm, expected] of [
        ['sha1', sha1],
        ['sha256', sha256],
        ['sha512', sha512],
      ] as const) {
        expect(await totpCodeAt(SEEDS[algorithm], ms, { algorithm, digits: 8 })).toBe(expected);
        expect(
          await verifyTotpCode({ secret: SEEDS[algorithm], code: expected, nowMs: ms }, { algorithm, digits: 8 }),
        ).toBe(parseInt(stepHex, 16));
      }
      // What authenticator apps show: the last six digits (leading zeros kept).
      expect(await totpCodeAt(SEEDS.sha1, ms)).toBe(sha1.slice(2));
    });
  }
});

describe('TOTP wrapper: verification policy (docs/security.md R18, R19)', () => {
  it('pins SHA-1, 6 digits, 30 s and a window of exactly one step', () => {
    expect([TOTP_ALGORITHM, TOTP_DIGITS, TOTP_PERIOD_SECONDS, TOTP_WINDOW_STEPS]).toEqual(['sha1', 6, 30, 1]);
  });

  for (const [step, stepHex, code, expected] of WINDOW_TABLE) {
    it(`${expected}s ${code} at ${step}`, async () => {
      // Each acceptance in a fresh enrollment: no step accepted before.
      const accepted = await verifyTotpCode({ secret: SEEDS.sha1, code, nowMs: SERVER_TIME_MS });
      expect(accepted).toBe(expected === 'accept' ? parseInt(stepHex, 16) : undefined);
    });
  }

  it('after accepting 050471, rejects it again and rejects 081804 (step ≤ last accepted)', async () => {
    const last = await verifyTotpCode({ secret: SEEDS.sha1, code: '050471', nowMs: SERVER_TIME_MS });
    expect(last).toBe(0x23523ed);
    for (const code of ['050471', '081804']) {
      expect(await verifyTotpCode({ secret: SEEDS.sha1, code, nowMs: SERVER_TIME_MS, afterStep: last })).toBe(
        undefined,
      );
    }
    expect(await verifyTotpCode({ secret: SEEDS.sha1, code: '266759', nowMs: SERVER_TIME_MS, afterStep: last })).toBe(
      last! + 1,
    );
  });

  it('rejects malformed codes and an afterStep past the window without throwing', async () => {
    for (const code of ['05047', '0504711', '05047a', '']) {
      expect(await verifyTotpCode({ secret: SEEDS.sha1, code, nowMs: SERVER_TIME_MS })).toBe(undefined);
    }
    const far = 0x23523ed + 5;
    expect(await verifyTotpCode({ secret: SEEDS.sha1, code: '050471', nowMs: SERVER_TIME_MS, afterStep: far })).toBe(
      undefined,
    );
  });

  it('makes 160-bit secrets that survive base32 (R17)', () => {
    const secret = newTotpSecret();
    expect(secret.length).toBe(20);
    const text = encodeBase32(secret);
    expect(text).toMatch(/^[A-Z2-7]{32}$/);
    expect(Buffer.from(decodeBase32(text)).equals(Buffer.from(secret))).toBe(true);
    expect(Buffer.from(newTotpSecret()).equals(Buffer.from(secret))).toBe(false);
  });
});
