// Nobody signs in at a kiosk: the phone that approved it did. The kiosk's session takes the
// approving session's auth_time, so it passes a "recent sign-in" check only while the phone would
// (docs/security.md, "Signing in to a kiosk"): it cannot approve further kiosks, or delete the
// account, long after anyone proved who they are.
import { describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { MINUTE, SECOND } from '../../helpers/email.ts';
import { as, errorOf, registerUser, startServer } from '../../helpers/server.ts';

const KIOSK = { transport: 'http' as const, ipAddress: '10.0.0.5' };

describe("a kiosk's session", () => {
  it("is as recent as the approving phone's sign-in, not the moment it was collected", async () => {
    const { server, clock } = startServer();
    const ada = await registerUser(server, 'ada@example.com');
    const phone = as(server, ada.tokens.accessToken);
    clock.advance(4 * MINUTE);
    const first = await server.caller(KIOSK).auth.startDeviceSignIn({ device: { id: 'kiosk-1' } });
    await phone.devices.approveSignIn({ userCode: first.userCode });
    clock.advance(9 * MINUTE + 50 * SECOND); // the phone's sign-in is no longer recent; the code lives
    const kiosk = await server.caller(KIOSK).auth.pollDeviceSignIn({ deviceCode: first.deviceCode });
    expect(kiosk.session.authTime).toBe(ada.session.authTime);
    expect(decodeJwt(kiosk.tokens.idToken).auth_time).toBe(decodeJwt(ada.tokens.idToken).auth_time);

    const second = await server.caller(KIOSK).auth.startDeviceSignIn({ device: { id: 'kiosk-2' } });
    const approve = (accessToken: string) =>
      as(server, accessToken).devices.approveSignIn({ userCode: second.userCode });
    const renewed = await server.caller().auth.refresh({ refreshToken: ada.tokens.refreshToken });
    expect((await errorOf(approve(renewed.tokens.accessToken))).code).toBe('REAUTH_REQUIRED');
    expect((await errorOf(approve(kiosk.tokens.accessToken))).code).toBe('REAUTH_REQUIRED');
  });
});
