// The phone's wrong kiosk codes count on a counter keyed by the user's id. A right code does not
// reset it (anyone can make one), and it goes with the account: nothing keyed by a deleted
// account's id stays behind. A kiosk's codes live at most 10 minutes, whatever the config says.
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

  it("is not reset by a right code of one's own", async () => {
    const { server } = startServer();
    const { tokens } = await registerUser(server, 'eve@example.com');
    const phone = as(server, tokens.accessToken);
    const answers: string[] = [];
    const guesses = 'CDFGHJKLMNPQRSTV';
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 4; i++) {
        const userCode = `BBBBBBB${guesses[round * 4 + i]}`;
        answers.push((await errorOf(phone.devices.describeSignIn({ userCode }))).code);
      }
      const own = await server
        .caller({ transport: 'http', ipAddress: `2001:db8::${round}` })
        .auth.startDeviceSignIn({});
      await phone.devices.denySignIn({ userCode: own.userCode }).catch(() => undefined);
    }
    // The fifth wrong code spends the budget (5) and is answered with the lock.
    expect(answers).toEqual([...Array(4).fill('CODE_INVALID'), ...Array(12).fill('RATE_LIMITED')]);
  });
});

describe("a kiosk's code lifetime", () => {
  it('cannot be set past 10 minutes', () => {
    expect(() => startServer({ deviceSignIn: { codeTtlSeconds: 601 } })).toThrow(/codeTtlSeconds/);
    expect(startServer({ deviceSignIn: { codeTtlSeconds: 600 } }).server.config.deviceSignIn.codeTtlSeconds).toBe(600);
  });
});
