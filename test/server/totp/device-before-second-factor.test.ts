// Before the second factor passes, a sign-in changes no existing device: the password alone must
// not rename a device, take over its push token, rewrite its address or revive a revoked one, even
// with the device's id (every access token names it as `did`). The facts the client sent apply
// when the sign-in completes: at auth.verifySecondFactor, with an inline totpCode, or on a trusted
// device presenting its trust token.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/server/db/open.ts';
import type { AuthServer } from '../../../main/server/server.ts';
import type { DeviceInput } from '../../../shared/schemas.ts';
import { as, errorOf, PASSWORD, startServer, tempDir } from '../../helpers/server.ts';
import {
  codeAt,
  enrollTotp,
  expectChallenge,
  expectSignedIn,
  jwtClaims,
  login,
  STEP_MS,
  wrongCode,
} from '../../helpers/totp.ts';
import { databaseAtVersion, insertOldUser } from '../../helpers/old-database.ts';

const LAPTOP = { id: 'laptop', name: 'Ada laptop', platform: 'macos', pushToken: 'push-laptop' } as const;
const OWNER = { ipAddress: '192.0.2.1', userAgent: 'Owner/1.0' };
const INTRUDER = { ipAddress: '203.0.113.9', userAgent: 'Intruder/6.6' };
const FORGED: DeviceInput = {
  id: 'laptop',
  name: 'Not your laptop',
  platform: 'windows',
  pushToken: 'push-intruder',
  osVersion: '11',
  appVersion: '9.9.9',
  fingerprint: 'fp-intruder',
  locale: 'de',
};

/** Ada, signed up from her laptop (with its push token), TOTP on, a minute later. */
async function adaWithLaptop() {
  const test = startServer();
  const { server, clock } = test;
  const registered = expectSignedIn(
    await server
      .caller({ ...OWNER })
      .auth.register({ email: 'ada@example.com', password: PASSWORD, name: 'Ada', device: LAPTOP }),
  );
  const enrolled = await enrollTotp(server, registered.tokens.accessToken);
  clock.advance(60_000);
  return { ...test, ...enrolled, accessToken: registered.tokens.accessToken };
}

const deviceRow = (server: AuthServer, id = 'laptop') =>
  server.services.db.prepare('SELECT * FROM devices WHERE public_id = ?').get(id) as Record<string, unknown>;

const passwordOnly = (server: AuthServer, device: DeviceInput, request = INTRUDER) =>
  server.caller({ ...request }).auth.login({ email: 'ada@example.com', password: PASSWORD, device });

describe('devices before the second factor', () => {
  it('the password alone changes nothing of an existing device, whatever facts come with its id', async () => {
    const { server, clock } = await adaWithLaptop();
    const before = deviceRow(server);
    expect(before).toMatchObject({ name: 'Ada laptop', push_token: 'push-laptop', ip_address: '192.0.2.1' });

    expectChallenge(await passwordOnly(server, FORGED));
    expect(deviceRow(server)).toEqual(before);
    // The same through the transport's headers.
    clock.advance(1000);
    const headers = server.caller({ transport: 'http', device: FORGED, ...INTRUDER });
    expectChallenge(await headers.auth.login({ email: 'ada@example.com', password: PASSWORD }));
    expect(deviceRow(server)).toEqual(before);
    expect(server.services.db.prepare('SELECT count(*) AS n FROM devices').get()).toEqual({ n: 1 });
  });

  it('a wrong inline totpCode changes nothing either', async () => {
    const { server, secret } = await adaWithLaptop();
    const before = deviceRow(server);
    const wrong = await errorOf(
      server.caller({ ...INTRUDER }).auth.login({
        email: 'ada@example.com',
        password: PASSWORD,
        totpCode: await wrongCode(server, secret),
        device: FORGED,
      }),
    );
    expect(wrong.code).toBe('TOTP_INVALID');
    expect(deviceRow(server)).toEqual(before);
  });

  it('a revoked device stays revoked until the second factor passes, then comes back with the new facts', async () => {
    const { server, clock, secret, accessToken } = await adaWithLaptop();
    // Ada signs in on her phone and revokes the laptop from there.
    const { token: phoneChallenge } = expectChallenge(await login(server, undefined, { device: { id: 'phone' } }));
    const phone = await server
      .caller()
      .auth.verifySecondFactor({ challengeToken: phoneChallenge, code: await codeAt(server, secret, 1) });
    await as(server, phone.tokens.accessToken).devices.revoke({ id: 'laptop' });
    expect(await errorOf(as(server, accessToken).account.me())).toMatchObject({ code: 'UNAUTHORIZED' });
    const revoked = deviceRow(server);
    expect(revoked.revoked_at).toBe(clock.now());

    clock.advance(60_000);
    const { token } = expectChallenge(await passwordOnly(server, FORGED));
    expect(deviceRow(server)).toEqual(revoked);
    expect((await as(server, phone.tokens.accessToken).devices.list()).map((d) => d.id)).toEqual(['phone']);

    clock.advance(STEP_MS);
    const done = await server
      .caller({ ...INTRUDER })
      .auth.verifySecondFactor({ challengeToken: token, code: await codeAt(server, secret) });
    expect(done.device).toMatchObject({ id: 'laptop', name: 'Not your laptop', platform: 'windows' });
    expect(deviceRow(server)).toMatchObject({
      revoked_at: null,
      name: 'Not your laptop',
      platform: 'windows',
      push_token: 'push-intruder',
      ip_address: INTRUDER.ipAddress,
      user_agent: INTRUDER.userAgent,
      last_seen_at: clock.now(),
    });
  });

  it('revoking a device voids the challenge it is waiting on', async () => {
    const { server, secret } = await adaWithLaptop();
    const { token } = expectChallenge(await login(server, undefined, { device: { id: 'laptop' } }));
    const phone = expectSignedIn(
      await login(server, undefined, { device: { id: 'phone' }, totpCode: await codeAt(server, secret, 1) }),
    );
    await as(server, phone.tokens.accessToken).devices.revoke({ id: 'laptop' });
    const late = await errorOf(
      server.caller().auth.verifySecondFactor({ challengeToken: token, code: await codeAt(server, secret, 1) }),
    );
    expect(late).toMatchObject({ code: 'UNAUTHORIZED', reason: 'challenge_invalid' });
    expect(deviceRow(server).revoked_at).not.toBeNull();
  });

  it('completing the challenge applies the facts sent with the first factor, and the later ones over them', async () => {
    const { server, clock, secret } = await adaWithLaptop();
    const { token } = expectChallenge(await passwordOnly(server, FORGED));
    clock.advance(STEP_MS);
    const done = await server.caller({ ipAddress: '198.51.100.7' }).auth.verifySecondFactor({
      challengeToken: token,
      code: await codeAt(server, secret),
      device: { id: 'laptop', appVersion: '10.0.0' },
    });
    expect(done.session).toMatchObject({ aal: 2 });
    expect(deviceRow(server)).toMatchObject({
      name: 'Not your laptop',
      platform: 'windows',
      push_token: 'push-intruder',
      os_version: '11',
      app_version: '10.0.0',
      fingerprint: 'fp-intruder',
      locale: 'de',
      ip_address: '198.51.100.7',
      user_agent: INTRUDER.userAgent,
      last_seen_at: clock.now(),
      revoked_at: null,
    });
    // The challenge kept the facts only until it was answered, and never a trust token.
    const stored = server.services.db.prepare('SELECT * FROM second_factor_challenges').all();
    expect(JSON.stringify(stored)).not.toContain('push-intruder');
  });

  it('an inline totpCode applies the facts in the same sign-in', async () => {
    const { server, clock, secret } = await adaWithLaptop();
    const done = expectSignedIn(
      await server.caller({ ...INTRUDER }).auth.login({
        email: 'ada@example.com',
        password: PASSWORD,
        totpCode: await codeAt(server, secret, 1),
        device: FORGED,
      }),
    );
    expect(done.session).toMatchObject({ aal: 2, amr: ['pwd', 'totp', 'mfa'] });
    expect(deviceRow(server)).toMatchObject({
      name: 'Not your laptop',
      push_token: 'push-intruder',
      ip_address: INTRUDER.ipAddress,
      last_seen_at: clock.now(),
    });
  });

  it('a trusted device applies the facts only when it presents its trust token', async () => {
    const { server, clock, secret } = await adaWithLaptop();
    const { token } = expectChallenge(await login(server, undefined, { device: { id: 'laptop' } }));
    const trusted = await server.caller({ ...OWNER }).auth.verifySecondFactor({
      challengeToken: token,
      code: await codeAt(server, secret, 1),
      trustDevice: true,
    });
    const trustToken = trusted.tokens.deviceTrustToken!;
    clock.advance(60_000);
    const before = deviceRow(server);
    expect(before.trust_token_hash).not.toBeNull();

    expectChallenge(await passwordOnly(server, FORGED));
    const wrongToken = 'A'.repeat(43);
    expectChallenge(await passwordOnly(server, { ...FORGED, trustToken: wrongToken }));
    expect(deviceRow(server)).toEqual(before);
    // A challenge keeps no trust token, not even a wrong one.
    const stored = server.services.db.prepare('SELECT * FROM second_factor_challenges').all();
    expect(JSON.stringify(stored)).not.toContain(wrongToken);

    const skipped = expectSignedIn(await passwordOnly(server, { ...FORGED, trustToken }));
    expect(skipped.session).toMatchObject({ aal: 1, amr: ['pwd'] });
    expect(deviceRow(server)).toMatchObject({
      name: 'Not your laptop',
      push_token: 'push-intruder',
      ip_address: INTRUDER.ipAddress,
      trust_token_hash: before.trust_token_hash,
      last_seen_at: clock.now(),
    });
  });

  it('a brand-new device id signs in end to end', async () => {
    const { server, clock, secret } = await adaWithLaptop();
    const tablet = { id: 'tablet-7', name: 'Ada tablet', platform: 'android', pushToken: 'push-tablet' } as const;
    const { token } = expectChallenge(await passwordOnly(server, tablet, OWNER));
    const laptop = deviceRow(server);
    clock.advance(STEP_MS);
    const done = await server
      .caller({ ...OWNER })
      .auth.verifySecondFactor({ challengeToken: token, code: await codeAt(server, secret) });
    expect(done.device).toMatchObject({ id: 'tablet-7', name: 'Ada tablet', platform: 'android' });
    expect(jwtClaims(done.tokens.accessToken).did).toBe('tablet-7');
    expect(deviceRow(server, 'tablet-7')).toMatchObject({
      push_token: 'push-tablet',
      ip_address: OWNER.ipAddress,
      revoked_at: null,
      first_sign_in_at: clock.now(),
    });
    expect(deviceRow(server)).toEqual(laptop);

    // Without an id, the server assigns one, and the challenge completes on it.
    const { token: anonymous } = expectChallenge(await login(server));
    clock.advance(STEP_MS);
    const assigned = await server
      .caller()
      .auth.verifySecondFactor({ challengeToken: anonymous, code: await codeAt(server, secret) });
    expect(assigned.device.id).toMatch(/^dev_/);
    expect(deviceRow(server, assigned.device.id)).toMatchObject({ revoked_at: null, first_sign_in_at: clock.now() });
  });

  it('drops, on migrating, the challenges of devices revoked while they waited', () => {
    const path = join(tempDir(), 'old.db');
    const raw = databaseAtVersion(path, 60);
    raw.transaction(() => {
      insertOldUser(raw, 1, 'ada@example.com');
      const device = raw.prepare(
        'INSERT INTO devices (pk, user_id, public_id, created_at, last_seen_at, revoked_at) VALUES (?, 1, ?, 1, 1, ?)',
      );
      device.run(1, 'laptop', null);
      device.run(2, 'phone', 2);
      const challenge = raw.prepare(
        `INSERT INTO second_factor_challenges (token_hash, user_id, device_pk, amr, created_at, expires_at)
         VALUES (?, 1, ?, '["pwd"]', 1, 300001)`,
      );
      challenge.run(Buffer.from('live'), 1);
      challenge.run(Buffer.from('void'), 2);
    })();
    raw.close();

    const db = openDatabase(path);
    expect(db.prepare('SELECT device_pk, device_facts FROM second_factor_challenges').all()).toEqual([
      { device_pk: 1, device_facts: null },
    ]);
    db.close();
  });
});
