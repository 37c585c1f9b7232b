// Users hear by mail of security-relevant changes (docs/security.md R70): a password changed or set,
// and a sign-in from a device the account had not used before — once per device, in their
// language, through the outbox transport here.
import { describe, expect, it } from 'vitest';
import type { AuthServer } from '../../main/server/server.ts';
import { PASSWORD, as, registerUser, startServer } from '../helpers/server.ts';
import { lastCode } from '../helpers/email.ts';
import { codeAt, enrollTotp, expectChallenge, expectSignedIn } from '../helpers/totp.ts';

/** Messages without a code to `email`, oldest first. */
const notices = (server: AuthServer, email = 'ada@example.com') =>
  server.services
    .mail!.outbox({ email })
    .filter((message) => message.code === null)
    .reverse();

const signIn = (server: AuthServer, device: object, request: object = {}) =>
  server.caller(request).auth.login({ email: 'ada@example.com', password: PASSWORD, device });

describe('security notices', () => {
  it('tell of a password change, in the plain and the HTML part, naming the app', async () => {
    const { server } = startServer({ appName: 'Acme Kiosk' });
    const { tokens } = await registerUser(server, 'ada@example.com', { id: 'kiosk-1' });
    await as(server, tokens.accessToken).account.changePassword({
      currentPassword: PASSWORD,
      newPassword: 'a brand new passphrase',
    });
    const [notice, ...more] = notices(server);
    expect(more).toEqual([]);
    expect(notice).toMatchObject({
      to: 'ada@example.com',
      subject: 'Your password was changed',
      text: expect.stringMatching(/^The password of your Acme Kiosk account was changed\.\n\nIf this wasn't you/),
      html: expect.stringContaining('<p>The password of your Acme Kiosk account was changed.</p>'),
      code: null,
    });
  });

  it('tell of a password set on a passwordless account, in Chinese when the request is', async () => {
    const { server } = startServer();
    await server.caller().auth.requestEmailCode({ email: 'ada@example.com' });
    const { tokens } = expectSignedIn(
      await server
        .caller()
        .auth.verifyEmailCode({ email: 'ada@example.com', code: lastCode(server, 'ada@example.com') }),
    );
    await server.caller({ accessToken: tokens.accessToken, locale: 'zh' }).account.setPassword({
      newPassword: 'a brand new passphrase',
    });
    expect(notices(server).map(({ subject, text }) => ({ subject, text: text.split('\n')[0] }))).toEqual([
      { subject: '已设置密码', text: '您的 Latchkey 账户已设置密码，现在也可以使用密码登录。' },
    ]);
  });

  it('tell of the first sign-in from each new device, naming it, and never of a known one', async () => {
    const { server } = startServer();
    await registerUser(server, 'ada@example.com', { id: 'kiosk-1', name: 'Lobby' });
    expectSignedIn(await signIn(server, { id: 'kiosk-1' }));
    expect(notices(server)).toEqual([]); // the first device, then a known one

    const phone = { id: 'phone-2', name: 'Pixel\n8', platform: 'android' };
    expectSignedIn(await signIn(server, phone, { transport: 'http', ipAddress: '203.0.113.7' }));
    expectSignedIn(await signIn(server, phone, { transport: 'http', ipAddress: '203.0.113.7' }));
    expect(notices(server).map(({ subject, text }) => ({ subject, text }))).toEqual([
      {
        subject: 'New sign-in to your account',
        text:
          'Your Latchkey account was just signed in to from a device it had not seen before: ' +
          '"Pixel 8" (Android), address 203.0.113.7.\n\n' +
          "If this wasn't you, change your password and sign that device out under Devices.",
      },
    ]);
    // A revoked device that signs in again is not new.
    const kiosk = expectSignedIn(await signIn(server, { id: 'kiosk-1' }));
    await as(server, kiosk.tokens.accessToken).devices.revoke({ id: 'phone-2' });
    expectSignedIn(await signIn(server, phone));
    expect(notices(server)).toHaveLength(1);

    // An email-code sign-in needs no notice: its code mail already named the device.
    const before = notices(server).length;
    await server.caller().auth.requestEmailCode({ email: 'ada@example.com', device: { id: 'laptop-4' } });
    expectSignedIn(
      await server.caller().auth.verifyEmailCode({
        email: 'ada@example.com',
        code: lastCode(server, 'ada@example.com'),
        device: { id: 'laptop-4' },
      }),
    );
    expect(notices(server)).toHaveLength(before);

    expectSignedIn(await signIn(server, { id: 'tablet-3', platform: 'ios' }, { locale: 'zh' }));
    expect(notices(server).at(-1)).toMatchObject({
      subject: '新设备登录提醒',
      text: expect.stringMatching(/^您的 Latchkey 账户刚刚在一台新设备上登录：iOS。\n\n如果这不是您本人的操作/),
    });
  });

  it('with two-step sign-in, tell of a new device only once the sign-in completes', async () => {
    const { server } = startServer();
    const { tokens } = await registerUser(server, 'ada@example.com', { id: 'kiosk-1' });
    const { secret } = await enrollTotp(server, tokens.accessToken);
    const before = notices(server).length; // "two-step sign-in is on"
    const { token } = expectChallenge(await signIn(server, { id: 'phone-2' }));
    expect(notices(server)).toHaveLength(before);
    await server.caller().auth.verifySecondFactor({ challengeToken: token, code: await codeAt(server, secret, 1) });
    expect(
      notices(server)
        .slice(before)
        .map((notice) => notice.subject),
    ).toEqual(['New sign-in to your account']);
  });
});
