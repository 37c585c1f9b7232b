// Trusted devices: `trustDevice: true` issues a device trust token, shown once; a later sign-in
// skips the second factor only when it presents that token from that device before the trust
// ends. The device id alone (which a client chooses, and every access token names) skips nothing.
// Trust shows in devices.list and ends with devices.untrust, devices.revoke, a new password,
// TOTP turned off or replaced, or expiry.
import { describe, expect, it } from 'vitest';
import { decodeBase32 } from '../../../main/server/totp/totp-code.ts';
import { lastCode } from '../../helpers/email.ts';
import { PASSWORD, as, errorOf, registerUser, startServer, type TestServer } from '../../helpers/server.ts';
import {
  auditTypes,
  codeAt,
  enrollTotp,
  expectChallenge,
  expectSignedIn,
  jwtClaims,
  login,
  STEP_MS,
  startWithTotp,
  trustFrom,
} from '../../helpers/totp.ts';

const DAY = 86_400_000;
const TOKEN = /^[\w-]{43}$/; // 32 random bytes, base64url

/** Signs in from `deviceId` through the challenge, trusting the device. */

async function trustedLaptop(config: Parameters<typeof startServer>[0] = {}) {
  const test = await startWithTotp(config);
  const { secret } = test;
  const result = await trustFrom(test.server, secret, 'ada@example.com', 'laptop');
  const trustToken = result.tokens.deviceTrustToken!;
  return { ...test, secret, result, trustToken };
}

const fromLaptop = (trustToken?: string) => ({ device: { id: 'laptop', ...(trustToken ? { trustToken } : {}) } });

/** The trust verdicts of the challenges issued so far (audit details, in order). */
function trustVerdicts(server: TestServer['server']): unknown[] {
  return (
    server.services.db
      .prepare("SELECT details FROM audit_events WHERE type = 'second_factor_required' ORDER BY id")
      .all() as Array<{ details: string }>
  ).map((row) => (JSON.parse(row.details) as { trust?: unknown }).trust);
}

describe('trusted devices', () => {
  it('issue a 256-bit trust token once, with the trust shown in devices.list', async () => {
    const { server, clock, result, trustToken } = await trustedLaptop();
    expect(trustToken).toMatch(TOKEN);
    const until = new Date(clock.now() + 30 * DAY).toISOString();
    expect(result.device).toMatchObject({ id: 'laptop', trustedUntil: until });
    const listed = await as(server, result.tokens.accessToken).devices.list();
    expect(listed.find((device) => device.id === 'laptop')?.trustedUntil).toBe(until);

    // Signing in with it does not hand it out again.
    clock.advance(STEP_MS);
    const again = expectSignedIn(await login(server, undefined, fromLaptop(trustToken)));
    expect(again.tokens).not.toHaveProperty('deviceTrustToken');
    expect(JSON.stringify(again)).not.toContain(trustToken);
  });

  it("a trusted device's skip finishes the sign-in, so it ends the account's failure streak", async () => {
    const { server, clock, trustToken } = await trustedLaptop();
    for (let i = 0; i < 3; i++)
      expect((await errorOf(server.caller().auth.login({ email: 'ada@example.com', password: 'wrong' }))).code).toBe(
        'INVALID_CREDENTIALS',
      );
    expect(server.services.throttle.failures('acct:ada@example.com')).toBe(3);
    clock.advance(STEP_MS);
    expectSignedIn(await login(server, undefined, fromLaptop(trustToken)));
    expect(server.services.throttle.failures('acct:ada@example.com')).toBe(0);
  });

  it('skip the second factor only with the trust token, from the device it was issued to', async () => {
    const { server, clock, trustToken } = await trustedLaptop();
    clock.advance(STEP_MS);
    const skipped = expectSignedIn(await login(server, undefined, fromLaptop(trustToken)));
    expect(skipped.session).toMatchObject({ amr: ['pwd'], aal: 1 });
    expect(jwtClaims(skipped.tokens.accessToken)).toMatchObject({ did: 'laptop', amr: ['pwd'] });

    // The id every access token names (`did`) is not enough, nor a wrong or foreign token.
    expectChallenge(await login(server, undefined, fromLaptop()));
    expectChallenge(
      await login(server, undefined, fromLaptop(trustToken.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))),
    );
    expectChallenge(await login(server, undefined, fromLaptop('x'.repeat(43))));
    expectChallenge(await login(server, undefined, { device: { id: 'phone', trustToken } }));
    expectChallenge(await login(server, undefined, { device: { trustToken } }));
    expect(trustVerdicts(server).slice(-5)).toEqual([
      'token_missing',
      'token_mismatch',
      'token_mismatch',
      'not_trusted',
      'not_trusted',
    ]);
    expect(auditTypes(server, 'second_factor_skipped')).toHaveLength(1);
  });

  it('end when the trust expires (the fake clock passes the configured days)', async () => {
    const { server, clock, trustToken, result } = await trustedLaptop({ totp: { trustDeviceDays: 7 } });
    expect(result.device.trustedUntil).toBe(new Date(clock.now() + 7 * DAY).toISOString());
    clock.advance(7 * DAY - 1);
    expectSignedIn(await login(server, undefined, fromLaptop(trustToken)));
    clock.advance(1);
    expectChallenge(await login(server, undefined, fromLaptop(trustToken)));
    expect(trustVerdicts(server).at(-1)).toBe('expired');
  });

  it('of one account do nothing for another account on the same device', async () => {
    const { server, clock } = startServer();
    const ada = await registerUser(server, 'ada@example.com');
    const grace = await registerUser(server, 'grace@example.com');
    const adaFactor = await enrollTotp(server, ada.tokens.accessToken);
    const graceFactor = await enrollTotp(server, grace.tokens.accessToken);
    const adaTrust = (await trustFrom(server, adaFactor.secret, 'ada@example.com', 'laptop')).tokens.deviceTrustToken!;
    clock.advance(STEP_MS);
    expectChallenge(await login(server, 'grace@example.com', fromLaptop(adaTrust)));
    // Grace trusting the same device id gets her own token; neither opens the other's account.
    const graceTrust = (await trustFrom(server, graceFactor.secret, 'grace@example.com', 'laptop')).tokens
      .deviceTrustToken!;
    expect(graceTrust).not.toBe(adaTrust);
    expectChallenge(await login(server, 'grace@example.com', fromLaptop(adaTrust)));
    expectChallenge(await login(server, 'ada@example.com', fromLaptop(graceTrust)));
    expectSignedIn(await login(server, 'grace@example.com', fromLaptop(graceTrust)));
    expectSignedIn(await login(server, 'ada@example.com', fromLaptop(adaTrust)));
  });

  it('keep enumeration safety: a trust token changes nothing before the password is right', async () => {
    const { server, trustToken } = await trustedLaptop();
    const wrong = await errorOf(
      server.caller().auth.login({ email: 'ada@example.com', password: 'not the password', ...fromLaptop(trustToken) }),
    );
    const unknown = await errorOf(
      server.caller().auth.login({ email: 'nobody@example.com', password: PASSWORD, ...fromLaptop(trustToken) }),
    );
    expect(wrong).toEqual(unknown);
    expect(wrong.code).toBe('INVALID_CREDENTIALS');
  });

  it('also skip the second factor of an email-code sign-in', async () => {
    const { server, clock, trustToken } = await trustedLaptop({ email: { transport: 'outbox' } });
    clock.advance(STEP_MS);
    const email = 'ada@example.com';
    await server.caller().auth.requestEmailCode({ email });
    const skipped = await server
      .caller()
      .auth.verifyEmailCode({ email, code: lastCode(server, email), ...fromLaptop(trustToken) });
    expect(expectSignedIn(skipped).session).toMatchObject({ amr: ['otp'], aal: 1 });
    clock.advance(61_000);
    await server.caller().auth.requestEmailCode({ email });
    expectChallenge(
      await server.caller().auth.verifyEmailCode({ email, code: lastCode(server, email), ...fromLaptop() }),
    );
  });

  it('end with devices.untrust; trusting again issues a new token and the old one stops working', async () => {
    const { server, clock, secret, result, trustToken } = await trustedLaptop();
    const untrusted = await as(server, result.tokens.accessToken).devices.untrust({ id: 'laptop' });
    expect(untrusted).toMatchObject({ id: 'laptop', trustedUntil: null, current: true });
    expect(trustRow(server)).toEqual({ trusted_until: null, trust_token_hash: null });
    expectChallenge(await login(server, undefined, fromLaptop(trustToken)));

    clock.advance(STEP_MS);
    const renewed = (await trustFrom(server, secret, 'ada@example.com', 'laptop')).tokens.deviceTrustToken!;
    expect(renewed).toMatch(TOKEN);
    expect(renewed).not.toBe(trustToken);
    expectChallenge(await login(server, undefined, fromLaptop(trustToken)));
    expectSignedIn(await login(server, undefined, fromLaptop(renewed)));
  });

  it('end when the device is revoked, even if it signs in again', async () => {
    const { server, result, trustToken } = await trustedLaptop();
    await as(server, result.tokens.accessToken).devices.revoke({ id: 'laptop' });
    expect(trustRow(server)).toEqual({ trusted_until: null, trust_token_hash: null });
    expectChallenge(await login(server, undefined, fromLaptop(trustToken)));
  });

  it('end when the password changes', async () => {
    const { server, result, trustToken } = await trustedLaptop();
    const newPassword = 'a brand new passphrase';
    await as(server, result.tokens.accessToken).account.changePassword({ currentPassword: PASSWORD, newPassword });
    expect(trustRow(server)).toEqual({ trusted_until: null, trust_token_hash: null });
    const again = await server
      .caller()
      .auth.login({ email: 'ada@example.com', password: newPassword, ...fromLaptop(trustToken) });
    expectChallenge(again);
  });

  it('end when a passwordless account sets a password', async () => {
    const { server, clock } = startServer({ email: { transport: 'outbox', autoRegister: true } });
    const email = 'grace@example.com';
    await server.caller().auth.requestEmailCode({ email });
    const first = expectSignedIn(await server.caller().auth.verifyEmailCode({ email, code: lastCode(server, email) }));
    const { secret } = await enrollTotp(server, first.tokens.accessToken);
    clock.advance(61_000);
    await server.caller().auth.requestEmailCode({ email });
    const { token } = expectChallenge(
      await server.caller().auth.verifyEmailCode({ email, code: lastCode(server, email), ...fromLaptop() }),
    );
    const trusted = await server.caller().auth.verifySecondFactor({
      challengeToken: token,
      code: await codeAt(server, secret),
      trustDevice: true,
      device: { id: 'laptop' },
    });
    expect(trusted.tokens.deviceTrustToken).toMatch(TOKEN);
    await as(server, trusted.tokens.accessToken).account.setPassword({ newPassword: 'a brand new passphrase' });
    expect(trustRow(server)).toEqual({ trusted_until: null, trust_token_hash: null });
  });

  it('end when TOTP is turned off, and do not come back with a new enrollment', async () => {
    const { server, clock, secret, result, trustToken } = await trustedLaptop();
    clock.advance(STEP_MS);
    await as(server, result.tokens.accessToken).totp.disable({ code: await codeAt(server, secret, 1) });
    expect(trustRow(server)).toEqual({ trusted_until: null, trust_token_hash: null });
    clock.advance(STEP_MS);
    await enrollTotp(server, result.tokens.accessToken);
    clock.advance(STEP_MS);
    expectChallenge(await login(server, undefined, fromLaptop(trustToken)));
  });

  it('end when TOTP is replaced by a confirmed new secret', async () => {
    const { server, clock, secret, result, trustToken } = await trustedLaptop();
    const me = as(server, result.tokens.accessToken);
    clock.advance(STEP_MS);
    const begun = await me.totp.beginEnrollment({ code: await codeAt(server, secret, 1) });
    expect(trustRow(server).trusted_until).not.toBe(null);
    await me.totp.confirmEnrollment({ code: await codeAt(server, decodeBase32(begun.secret)) });
    expect(trustRow(server)).toEqual({ trusted_until: null, trust_token_hash: null });
    clock.advance(STEP_MS);
    expectChallenge(await login(server, undefined, fromLaptop(trustToken)));
  });

  it('keep only the SHA-256 of the token, and no trace of it in the audit log', async () => {
    const { server, trustToken } = await trustedLaptop();
    const row = trustRow(server);
    expect(row.trust_token_hash).toBeInstanceOf(Buffer);
    expect(row.trust_token_hash!.toString('hex')).toMatch(/^[0-9a-f]{64}$/);
    const audit = JSON.stringify(server.services.db.prepare('SELECT * FROM audit_events').all());
    expect(audit).not.toContain(trustToken);
    expect(audit).toContain('device_trusted');
  });
});

function trustRow(server: TestServer['server']): { trusted_until: number | null; trust_token_hash: Buffer | null } {
  return server.services.db
    .prepare("SELECT trusted_until, trust_token_hash FROM devices WHERE public_id = 'laptop'")
    .get() as { trusted_until: number | null; trust_token_hash: Buffer | null };
}
