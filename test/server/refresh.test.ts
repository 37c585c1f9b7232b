// Refresh tokens: rotation, reuse detection, one winner under concurrency, durability, device
// binding, idle and absolute lifetimes (docs/security.md R29–R36).
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../main/server/crypto/random.ts';
import type { AuthServer } from '../../main/server/server.ts';
import { as, errorOf, PASSWORD, registerUser, startServer } from '../helpers/server.ts';
import { auditTypes, jwtClaims } from '../helpers/totp.ts';

/** What a refresh may move on a device row: last seen and what the caller reports. */
const sightingOf = (server: AuthServer, publicId: string) =>
  server.services.db
    .prepare('SELECT last_seen_at, ip_address, user_agent, app_version, push_token FROM devices WHERE public_id = ?')
    .get(publicId);

/** Ada on device A (the refresh token under test) and on device B (a row a thief would like to move). */
async function twoDevices() {
  const test = startServer();
  const a = await registerUser(test.server, 'ada@example.com', { id: 'device-a' });
  await test.server.caller().auth.login({ email: 'ada@example.com', password: PASSWORD, device: { id: 'device-b' } });
  test.clock.advance(60_000);
  return { ...test, refreshToken: a.tokens.refreshToken };
}

const elsewhere = { transport: 'http', locale: 'en', ipAddress: '203.0.113.9', userAgent: 'elsewhere/1.0' } as const;

describe('refresh', () => {
  it('rotates on every use and keeps the chain: R0 → R1 → R2', async () => {
    const { server } = startServer();
    const r0 = (await registerUser(server)).tokens.refreshToken;
    const r1 = (await server.caller().auth.refresh({ refreshToken: r0 })).tokens.refreshToken;
    const r2 = (await server.caller().auth.refresh({ refreshToken: r1 })).tokens.refreshToken;
    const rows = server.services.db
      .prepare('SELECT id, parent_id, used_at, revoked_at FROM refresh_tokens ORDER BY id')
      .all() as Array<{ id: number; parent_id: number | null; used_at: number | null }>;
    expect(rows.map((row) => [row.parent_id, row.used_at !== null])).toEqual([
      [null, true],
      [1, true],
      [2, false],
    ]);
    // Stored as SHA-256 only (R29).
    const hashes = server.services.db.prepare('SELECT token_hash FROM refresh_tokens ORDER BY id').all() as Array<{
      token_hash: Buffer;
    }>;
    expect(hashes.map((row) => row.token_hash.toString('hex'))).toEqual(
      [r0, r1, r2].map((token) => sha256(token).toString('hex')),
    );
  });

  it('a replayed token revokes the whole session: R0 replay after R3 kills R1..R3 (R31)', async () => {
    const { server } = startServer();
    const signedIn = await registerUser(server);
    const tokens = [signedIn.tokens.refreshToken];
    for (let i = 0; i < 3; i++)
      tokens.push((await server.caller().auth.refresh({ refreshToken: tokens.at(-1)! })).tokens.refreshToken);
    const last = await server.caller().auth.refresh({ refreshToken: tokens[3]! });
    expect((await errorOf(server.caller().auth.refresh({ refreshToken: tokens[0]! }))).code).toBe(
      'REFRESH_TOKEN_REUSED',
    );
    for (const token of [last.tokens.refreshToken, tokens[3]!, tokens[2]!]) {
      expect((await errorOf(server.caller().auth.refresh({ refreshToken: token }))).code).toMatch(
        /UNAUTHORIZED|REFRESH_TOKEN_REUSED/,
      );
    }
    expect((await errorOf(as(server, last.tokens.accessToken).account.me())).code).toBe('UNAUTHORIZED');
    expect(server.services.audit.list({ type: 'refresh_reuse_detected', limit: 10 }).length).toBeGreaterThanOrEqual(1);
    const live = server.services.db
      .prepare('SELECT count(*) AS n FROM refresh_tokens WHERE used_at IS NULL AND revoked_at IS NULL')
      .get();
    expect(live).toEqual({ n: 0 });
  });

  it('of 20 concurrent refreshes of one token exactly one wins', async () => {
    for (let round = 0; round < 5; round++) {
      const { server } = startServer();
      const { refreshToken } = (await registerUser(server)).tokens;
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => server.caller().auth.refresh({ refreshToken })),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const live = server.services.db
        .prepare('SELECT count(*) AS n FROM refresh_tokens WHERE used_at IS NULL AND revoked_at IS NULL')
        .get() as { n: number };
      expect(live.n).toBeLessThanOrEqual(1);
    }
  });

  it('rotation and reuse detection survive a restart (R36)', async () => {
    const test = startServer({}, { file: true });
    const r0 = (await registerUser(test.server)).tokens.refreshToken;
    const r1 = (await test.server.caller().auth.refresh({ refreshToken: r0 })).tokens.refreshToken;
    const server = await test.restart();
    expect((await errorOf(server.caller().auth.refresh({ refreshToken: r0 }))).code).toBe('REFRESH_TOKEN_REUSED');
    expect((await errorOf(server.caller().auth.refresh({ refreshToken: r1 }))).code).toBe('UNAUTHORIZED');
  });

  // The refresh token is bound to its session and the session to its device: that binding decides
  // which device the new tokens name and whose last-seen moves. A device id in the request is
  // optional (the session already implies it); when sent it must be the session's own.
  it('with no device id, refreshes for the session’s own device and moves only its sighting (R29)', async () => {
    const { server, clock, refreshToken } = await twoDevices();
    const before = sightingOf(server, 'device-b');
    const result = await server.caller(elsewhere).auth.refresh({ refreshToken, device: { appVersion: '2.0' } });
    expect(result.device).toMatchObject({ id: 'device-a', appVersion: '2.0', current: true });
    expect(result.session.deviceId).toBe('device-a');
    expect(jwtClaims(result.tokens.accessToken).did).toBe('device-a');
    expect(sightingOf(server, 'device-a')).toMatchObject({
      last_seen_at: clock.now(),
      ip_address: '203.0.113.9',
      user_agent: 'elsewhere/1.0',
      app_version: '2.0',
    });
    expect(sightingOf(server, 'device-b')).toEqual(before);
  });

  it('with another device id, is refused: no device moves and the token stays unspent (R29)', async () => {
    const { server, refreshToken } = await twoDevices();
    const before = { a: sightingOf(server, 'device-a'), b: sightingOf(server, 'device-b') };
    for (const id of ['device-b', 'device-z']) {
      const error = await errorOf(
        server.caller(elsewhere).auth.refresh({ refreshToken, device: { id, pushToken: 'attacker-push' } }),
      );
      expect(error.code).toBe('UNAUTHORIZED');
    }
    expect(sightingOf(server, 'device-a')).toEqual(before.a);
    expect(sightingOf(server, 'device-b')).toEqual(before.b);
    expect(sightingOf(server, 'device-z')).toBeUndefined();
    expect(auditTypes(server, 'refresh_device_mismatch')).toHaveLength(2);
    // The owner, on its own device, still refreshes with the same token.
    const ok = await server.caller().auth.refresh({ refreshToken, device: { id: 'device-a', appVersion: '2.0' } });
    expect(ok.device).toMatchObject({ id: 'device-a', appVersion: '2.0' });
  });

  it('ends a session left idle past the idle lifetime', async () => {
    const { server, clock } = startServer({ tokens: { sessionIdleTtl: 3600, sessionAbsoluteTtl: 86_400 } });
    const { refreshToken } = (await registerUser(server)).tokens;
    clock.advance(3600_000 + 1);
    expect((await errorOf(server.caller().auth.refresh({ refreshToken }))).code).toBe('UNAUTHORIZED');
  });

  it('ends a session at its absolute lifetime however often it is refreshed', async () => {
    const { server, clock } = startServer({ tokens: { sessionIdleTtl: 3600, sessionAbsoluteTtl: 4 * 3600 } });
    let { refreshToken } = (await registerUser(server)).tokens;
    for (let i = 0; i < 7; i++) {
      clock.advance(30 * 60_000);
      const result = await server.caller().auth.refresh({ refreshToken });
      refreshToken = result.tokens.refreshToken;
      expect(Date.parse(result.tokens.refreshTokenExpiresAt)).toBeLessThanOrEqual(Date.UTC(2026, 0, 1, 16));
    }
    clock.advance(30 * 60_000);
    expect((await errorOf(server.caller().auth.refresh({ refreshToken }))).code).toBe('UNAUTHORIZED');
  });

  it('unknown and malformed tokens are UNAUTHORIZED', async () => {
    const { server } = startServer();
    expect((await errorOf(server.caller().auth.refresh({ refreshToken: 'x'.repeat(43) }))).code).toBe('UNAUTHORIZED');
    expect((await errorOf(server.caller().auth.refresh({ refreshToken: '' }))).code).toBe('VALIDATION_ERROR');
  });
});

describe('refresh failure paths (R64)', () => {
  it('a failure after marking the token used rolls the whole rotation back', async () => {
    const { server } = startServer();
    const { refreshToken } = (await registerUser(server)).tokens;
    const db = server.services.db;
    db.exec(`CREATE TRIGGER fail_successor BEFORE INSERT ON refresh_tokens WHEN NEW.parent_id IS NOT NULL
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    expect((await errorOf(server.caller().auth.refresh({ refreshToken }))).code).toBe('INTERNAL');
    expect(db.prepare('SELECT count(*) AS n FROM refresh_tokens WHERE used_at IS NOT NULL').get()).toEqual({ n: 0 });
    db.exec('DROP TRIGGER fail_successor');
    await expect(server.caller().auth.refresh({ refreshToken })).resolves.toMatchObject({ requires2fa: false });
  });

  it('a reuse revocation stays committed although the call then fails', async () => {
    const { server } = startServer();
    const r0 = (await registerUser(server)).tokens.refreshToken;
    await server.caller().auth.refresh({ refreshToken: r0 });
    await errorOf(server.caller().auth.refresh({ refreshToken: r0 }));
    expect(server.services.db.prepare('SELECT revoke_reason FROM sessions').get()).toEqual({
      revoke_reason: 'refresh_token_reused',
    });
  });
});
