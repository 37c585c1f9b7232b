// TOTP helpers for tests: enroll a user through the API (tRPC caller or dev seeding over HTTP) and
// compute codes like an authenticator app.
import { expect } from 'vitest';
import type { AuthServer } from '../../main/server/server.ts';
import type { AuthResult, SecondFactorChallenge, SignInResult } from '../../shared/types.ts';
import type { DeviceInput } from '../../shared/schemas.ts';
import { decodeBase32, totpCodeAt } from '../../main/server/totp/totp-code.ts';
import type { Api, Reply } from './http.ts';
import type { ServerConfigInput } from '../../main/server/config.ts';
import { as, PASSWORD, registerUser, startServer } from './server.ts';

export const STEP_MS = 30_000;

export interface Enrolled {
  secret: Uint8Array;
  base32: string;
  recoveryCodes: string[];
}

/** Begins and confirms enrollment with the current code; the current step is then used up. */
export async function enrollTotp(server: AuthServer, accessToken: string): Promise<Enrolled> {
  const begun = await as(server, accessToken).totp.beginEnrollment();
  const secret = decodeBase32(begun.secret);
  const code = await totpCodeAt(secret, server.services.clock.now());
  const { recoveryCodes } = await as(server, accessToken).totp.confirmEnrollment({ code });
  return { secret, base32: begun.secret, recoveryCodes };
}

/**
 * The start of most second-factor tests: a test server (startServer) with one account
 * (registerUser) that has TOTP on (enrollTotp, which used up the current step).
 */
export async function startWithTotp(
  config: ServerConfigInput = {},
  options: { file?: boolean } = {},
  email = 'ada@example.com',
) {
  const test = startServer(config, options);
  const { user, tokens } = await registerUser(test.server, email);
  const enrolled = await enrollTotp(test.server, tokens.accessToken);
  // Onto the test server itself, not a copy: its `server` follows a restart().
  return Object.assign(test, enrolled, { user, tokens, accessToken: tokens.accessToken });
}

/** An authenticator app holding `base32`: its secret, and the code it shows by `now`'s clock. */
export function authenticator(base32: string, now: () => number) {
  const secret = decodeBase32(base32);
  return {
    secret,
    /** The code shown `steps` steps from now. */
    code: (steps = 0): Promise<string> => totpCodeAt(secret, now() + steps * STEP_MS),
  };
}

/**
 * Seeds a user with TOTP on through dev mode's /v1/dev/users, then moves `clock` one step on:
 * the seed used the current step's code, so the next step's code signs in.
 */
export async function seedTotpUser(
  api: Api,
  clock: { advance(ms: number): void },
  email = 'otp@example.com',
): Promise<{ seeded: Reply; secret: Uint8Array }> {
  const seeded = await api.post('/v1/dev/users', { email, password: PASSWORD, totp: true });
  const secret = decodeBase32(seeded.body.data.totp.secret);
  clock.advance(STEP_MS);
  return { seeded, secret };
}

/** The code an authenticator shows `steps` steps from the server's now. */
export const codeAt = (server: AuthServer, secret: Uint8Array, steps = 0): Promise<string> =>
  totpCodeAt(secret, server.services.clock.now() + steps * STEP_MS);

/** A well-formed code that matches no step in the window around now. */
export async function wrongCode(server: AuthServer, secret: Uint8Array): Promise<string> {
  const valid = new Set(await Promise.all([-1, 0, 1].map((steps) => codeAt(server, secret, steps))));
  for (let n = 0; ; n += 111_111) {
    const candidate = String(n % 1_000_000).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}

export function login(
  server: AuthServer,
  email = 'ada@example.com',
  extra: { totpCode?: string; device?: DeviceInput } = {},
): Promise<SignInResult> {
  return server.caller().auth.login({ email, password: PASSWORD, ...extra });
}

/** Signs in from `deviceId` and passes the second factor with `trustDevice: true` (the next step's code). */
export async function trustFrom(server: AuthServer, secret: Uint8Array, email: string, deviceId: string) {
  const { token } = expectChallenge(await login(server, email, { device: { id: deviceId } }));
  return server.caller().auth.verifySecondFactor({
    challengeToken: token,
    code: await codeAt(server, secret, 1),
    trustDevice: true,
    device: { id: deviceId },
  });
}

export function expectChallenge(result: SignInResult): SecondFactorChallenge['challenge'] {
  expect(result.requires2fa).toBe(true);
  return (result as SecondFactorChallenge).challenge;
}

export function expectSignedIn(result: SignInResult): AuthResult {
  expect(result.requires2fa).toBe(false);
  return result as AuthResult;
}

/** The payload of a JWT, unverified (the server verified it when issuing). */
export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Audit event types in order, read from the table (no secrets are in it to hide). */
export function auditTypes(server: AuthServer, type?: string): string[] {
  const rows = server.services.db.prepare('SELECT type FROM audit_events ORDER BY id').all() as Array<{ type: string }>;
  return rows.map((row) => row.type).filter((t) => type === undefined || t === type);
}
