// Signing in to a kiosk from a phone, end to end in two Chromium profiles against `latchkey serve
// --dev`: the kiosk shows "Use your phone" (QR code and XXXX-XXXX), the phone opens /device with
// the code, signs in, sees which device asks and approves; the kiosk is then signed in, and its
// session is one of the phone's devices. A denial on the phone tells the kiosk so, and so does an
// approval withdrawn because the phone signed out before the kiosk collected its session. The kiosk
// polls only every 60 s here, so it can only learn of any of them in time from its live socket.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { capture, DESKTOP } from './helpers/browser.ts';
import { expectText, requestCode, signOut } from './helpers/flows.ts';
import { useScreensSuite } from './helpers/suite.ts';

const suite = useScreensSuite({ deviceSignIn: { intervalSeconds: 60 } });

/** The kiosk's "Use your phone" view; answers the code it shows. */
async function showPhoneCode(kiosk: Page): Promise<string> {
  await kiosk.getByRole('button', { name: 'Use your phone' }).click();
  const code = kiosk.locator('[data-user-code]');
  await code.waitFor();
  await kiosk.getByRole('img', { name: 'QR code of the sign-in page' }).waitFor();
  return ((await code.textContent()) ?? '').trim();
}

/** The phone opens the verification URI with the code and signs in by email code. */
async function phoneSignsIn(email: string, code: string): Promise<Page> {
  const phone = await suite.open({ path: `/device?code=${code}` });
  await requestCode(phone, email);
  const emailed = await suite.server.latestCode(email);
  await phone.getByLabel('Digit 1 of 6').focus();
  await phone.keyboard.type(emailed);
  await phone.getByRole('button', { name: 'Approve' }).waitFor();
  return phone;
}

describe('device sign-in', { timeout: 120_000 }, () => {
  it('the phone approves: the kiosk signs in, and the phone lists the kiosk among its devices', async () => {
    const email = suite.newEmail('kiosk-approve');
    const kiosk = await suite.open({ viewport: DESKTOP });
    const code = await showPhoneCode(kiosk);
    expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    await expectText(kiosk, /Waiting for your phone/);
    await capture(kiosk, 'device-sign-in-kiosk', { uhd: true });

    const phone = await phoneSignsIn(email, code);
    expect(((await phone.locator('[data-user-code]').textContent()) ?? '').trim()).toBe(code);
    await expectText(phone, 'Sign this device in to your account?');
    await capture(phone, 'device-sign-in-phone');
    await phone.getByRole('button', { name: 'Approve' }).click();
    await expectText(phone, /^Approved\./);

    await kiosk.getByRole('heading', { name: 'Your account' }).waitFor({ timeout: 20_000 });
    await expectText(kiosk, email);
    await phone.goto(`${suite.server.url}/#/devices`);
    await phone.getByText('This session', { exact: true }).waitFor();
    await expect.poll(() => phone.locator('li.device').count()).toBe(2);
  });

  it('the phone denies: the kiosk says so and offers a new code', async () => {
    const email = suite.newEmail('kiosk-deny');
    const kiosk = await suite.open({ viewport: DESKTOP, locale: 'zh-CN' });
    await kiosk.getByRole('button', { name: '使用手机登录' }).click();
    const code = ((await kiosk.locator('[data-user-code]').textContent()) ?? '').trim();
    await capture(kiosk, 'device-sign-in-kiosk-zh');
    const phone = await phoneSignsIn(email, code.toLowerCase().replace('-', ''));
    await phone.getByRole('button', { name: 'Deny' }).click();
    await expectText(phone, /^Denied\./);
    await expectText(kiosk, '登录已在手机上被拒绝。');
    await kiosk.getByRole('button', { name: '获取新的登录码' }).click();
    await expect
      .poll(async () => ((await kiosk.locator('[data-user-code]').textContent()) ?? '').trim())
      .not.toBe(code);
  });

  it('the phone approves, then signs out before the kiosk collects: the kiosk says the approval was withdrawn', async () => {
    const email = suite.newEmail('kiosk-withdrawn');
    const kiosk = await suite.open({ viewport: DESKTOP });
    // The kiosk's poll is held until the phone has signed out, as on a slow network.
    let phoneSignedOut!: () => void;
    const signedOut = new Promise<void>((resolve) => (phoneSignedOut = resolve));
    await kiosk.route('**/trpc/auth.pollDeviceSignIn*', async (route) => {
      await signedOut;
      await route.continue();
    });
    const code = await showPhoneCode(kiosk);
    const phone = await phoneSignsIn(email, code);
    await phone.getByRole('button', { name: 'Approve' }).click();
    await expectText(phone, /^Approved\./);
    await phone.goto(`${suite.server.url}/#/devices`);
    await signOut(phone);
    phoneSignedOut();

    await expectText(
      kiosk,
      'The phone that approved this sign-in is no longer signed in. Get a new code and approve it again.',
    );
    await capture(kiosk, 'device-sign-in-kiosk-withdrawn', { uhd: true });
    await kiosk.unroute('**/trpc/auth.pollDeviceSignIn*');
    await kiosk.getByRole('button', { name: 'Get a new code' }).click();
    await expect
      .poll(async () => ((await kiosk.locator('[data-user-code]').textContent()) ?? '').trim())
      .not.toBe(code);
  });
});
