// Trusted devices: `trustDevice: true` skips the second factor on that device for the configured
// days; the trust shows in devices.list and ends with devices.untrust, devices.revoke or expiry.
import { describe, expect, it } from 'vitest';
import { decodeBase32 } from '../../../main/server/totp/totp-code.ts';
import { as, registerUser, startServer, type TestServer } from '../../helpers/server.ts';
import { codeAt, enrollTotp, expectChallenge, expectSignedIn, login, STEP_MS } from '../../helpers/totp.ts';

const DAY = 86_400_000;

async function trustedLaptop(config: Parameters<typeof startServer>[0] = {}) {
  const test = startServer(config);
  const { tokens } = await registerUser(test.server);
  const { secret } = await enrollTotp(test.server, tokens.accessToken);
  const { token } = expectChallenge(await login(test.server, undefined, { device: { id: 'laptop' } }));
  const result = await test.server.caller().auth.verifySecondFactor({
    challengeToken: token,
    code: await codeAt(test.server, secret, 1),
    trustDevice: true,
    device: { id: 'laptop' },
  });
  return { ...test, secret, result };
}

describe('trusted devices', () => {
  it('skip the second factor on that device only, and show in devices.list', async () => {
    const { server, clock, result } = await trustedLaptop();
    const until = new Date(clock.now() + 30 * DAY).toISOString();
    expect(result.device).toMatchObject({ id: 'laptop', trustedUntil: until });
    const listed = await as(server, result.tokens.accessToken).devices.list();
    expect(listed.find((device) => device.id === 'laptop')?.trustedUntil).toBe(until);

    clock.advance(STEP_MS);
    const again = expectSignedIn(await login(server, undefined, { device: { id: 'laptop' } }));
    expect(again.session).toMatchObject({ amr: ['pwd'], aal: 1 });
    expectChallenge(await login(server, undefined, { device: { id: 'phone' } }));
    expectChallenge(await login(server));

    clock.advance(30 * DAY);
    expectChallenge(await login(server, undefined, { device: { id: 'laptop' } }));
  });

  it('end with devices.untrust', async () => {
    const { server, result } = await trustedLaptop({ totp: { trustDeviceDays: 7 } });
    expect(result.device.trustedUntil).toBe(new Date(server.services.clock.now() + 7 * DAY).toISOString());
    const untrusted = await as(server, result.tokens.accessToken).devices.untrust({ id: 'laptop' });
    expect(untrusted).toMatchObject({ id: 'laptop', trustedUntil: null, current: true });
    expectChallenge(await login(server, undefined, { device: { id: 'laptop' } }));
  });

  it('end when the device is revoked, even if it signs in again', async () => {
    const { server, result } = await trustedLaptop();
    await as(server, result.tokens.accessToken).devices.revoke({ id: 'laptop' });
    expectChallenge(await login(server, undefined, { device: { id: 'laptop' } }));
  });

  it('end when TOTP is turned off', async () => {
    const { server, clock, secret, result } = await trustedLaptop();
    clock.advance(STEP_MS);
    await as(server, result.tokens.accessToken).totp.disable({ code: await codeAt(server, secret, 1) });
    expect(trustedUntil(server)).toBe(null);
  });

  it('end when TOTP is replaced by a confirmed new secret', async () => {
    const { server, clock, secret, result } = await trustedLaptop();
    const me = as(server, result.tokens.accessToken);
    clock.advance(STEP_MS);
    const begun = await me.totp.beginEnrollment({ code: await codeAt(server, secret, 1) });
    expect(trustedUntil(server)).not.toBe(null);
    await me.totp.confirmEnrollment({ code: await codeAt(server, decodeBase32(begun.secret)) });
    expect(trustedUntil(server)).toBe(null);
  });
});

function trustedUntil(server: TestServer['server']): number | null {
  const row = server.services.db.prepare("SELECT trusted_until FROM devices WHERE public_id = 'laptop'").get() as {
    trusted_until: number | null;
  };
  return row.trusted_until;
}
