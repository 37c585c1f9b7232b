// The phone's wrong kiosk codes count on a counter keyed by the user's id. That counter goes with
// the account: nothing keyed by a deleted account's id stays behind.
import { describe, expect, it } from 'vitest';
import { as, errorOf, registerUser, startServer } from '../../helpers/server.ts';

describe("the phone's kiosk-code counter", () => {
  it('goes away with the account', async () => {
    const { server } = startServer();
    const { tokens, user } = await registerUser(server, 'ada@example.com');
    const phone = as(server, tokens.accessToken);
    for (let i = 0; i < 2; i++)
      expect((await errorOf(phone.devices.describeSignIn({ userCode: 'BBBB-BBBB' }))).code).toBe('CODE_INVALID');
    expect(server.services.throttle.failures(`device-code:acct:${user.id}`)).toBe(2);

    await phone.account.delete();
    expect(
      server.services.db.prepare("SELECT count(*) AS n FROM throttles WHERE key LIKE 'device-code:acct:%'").get(),
    ).toEqual({ n: 0 });
  });
});
