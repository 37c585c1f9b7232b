// How the screens hold up from a 360 px phone to a 4K kiosk, in English and Chinese: one header
// row on the phone, type and controls twice as large at 4K, 44 px touch targets, bold Chinese,
// devices that say which sign-out they do and what tells them apart, a spent code with one thing
// to do, and buttons that say (to screen readers too) that they are waiting.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { capture, DESKTOP, PHONE, smallTouchTargets, UHD } from './helpers/browser.ts';
import { expectText, requestCode, signInByCode } from './helpers/flows.ts';
import { useScreensSuite } from './helpers/suite.ts';

// No captcha here: a resend after wrong codes would ask for one, and this file checks the states
// around it (the captcha has its own test in screens.test.ts).
const suite = useScreensSuite({
  email: { maxSendsPerAddressPerHour: 1000, maxSendsPerEmailPerHour: 50, captcha: { policy: 'never' } },
});

// Snippets run in the page (strings: this file is type-checked for Node, without the DOM).
const APP = "document.querySelector('latchkey-app').shadowRoot";
const HEADER_ROWS = `(() => {
  const root = ${APP};
  const box = (el) => el.getBoundingClientRect();
  const header = box(root.querySelector('header'));
  const brand = box(root.querySelector('.brand'));
  const nav = box(root.querySelector('nav'));
  const tools = [...root.querySelectorAll('.tools > *')].map((el) => Math.round(box(el).top + box(el).height / 2));
  return { header: header.height, brand: brand.top, nav: nav.top, navHeight: nav.height, tools };
})()`;
const ROOT_FONT = 'parseFloat(getComputedStyle(document.documentElement).fontSize)';
const SIGN_IN = `${APP}.querySelector('latchkey-sign-in').shadowRoot`;
const SUBMIT_HEIGHT = `${SIGN_IN}.querySelector('button[type=submit]').getBoundingClientRect().height`;
const HEADING_FONT = `(() => {
  const style = getComputedStyle(${SIGN_IN}.querySelector('h1'));
  const button = getComputedStyle(${SIGN_IN}.querySelector('button[type=submit]'));
  return { family: style.fontFamily, heading: style.fontWeight, button: button.fontWeight };
})()`;
const SUBMIT_STATE = `(() => {
  const root = ${SIGN_IN};
  const button = root.querySelector('button[type=submit]');
  return {
    busy: button.getAttribute('aria-busy'),
    label: button.textContent.trim(),
    spinner: !!button.querySelector('.spinner'),
    status: [...root.querySelectorAll('[role=status]')].map((el) => el.textContent.trim()).filter(Boolean),
  };
})()`;

async function resize(page: Page, size: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(size);
  await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
}

/** A code that is not `code` (its first digit moved on). */
const wrongCode = (code: string) => `${(Number(code[0]) + 1) % 10}${code.slice(1)}`;

describe('layout and states', { timeout: 120_000 }, () => {
  it('keeps the header one row at 360 px, doubles type and controls at 4K, 44 px targets', async () => {
    const page = await suite.open({ viewport: PHONE });
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await resize(page, DESKTOP);
    const desktopFont = await page.evaluate<number>(ROOT_FONT);
    const desktopButton = await page.evaluate<number>(SUBMIT_HEIGHT);
    expect(desktopFont).toBe(16);
    await resize(page, UHD);
    expect(await page.evaluate<number>(ROOT_FONT)).toBeGreaterThanOrEqual(2 * desktopFont);
    expect(await page.evaluate<number>(SUBMIT_HEIGHT)).toBeGreaterThanOrEqual(2 * desktopButton);
    await resize(page, PHONE);

    await signInByCode(page, suite.server, suite.newEmail('header'));
    const rows = await page.evaluate<{
      header: number;
      brand: number;
      nav: number;
      navHeight: number;
      tools: number[];
    }>(HEADER_ROWS);
    // The navigation sits beside the brand, not under it, and the language menu and "Sign out"
    // share one line: the header is one control tall.
    expect(Math.abs(rows.nav - rows.brand)).toBeLessThan(rows.navHeight);
    expect(rows.header).toBeLessThan(80);
    expect(new Set(rows.tools).size).toBe(1);
    expect(await page.getByRole('button', { name: 'Sign out', exact: true }).isVisible()).toBe(true);
    expect(await smallTouchTargets(page)).toEqual([]);
    await page.getByRole('link', { name: 'Devices' }).click();
    await page.getByText('This device', { exact: true }).waitFor();
    expect(await smallTouchTargets(page)).toEqual([]);

    // Being signed out is news, not a success: the neutral style, not the green one.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    const notice = page.getByRole('status').filter({ hasText: 'You are signed out.' });
    await notice.waitFor();
    expect(await notice.getAttribute('class')).toBe('alert info');
  });

  it('speaks Chinese in bold, keeps "6 位" together and translates browser device names', async () => {
    const page = await suite.open({ locale: 'zh-CN', viewport: PHONE });
    await page.getByRole('heading', { name: '登录' }).waitFor();
    const font = await page.evaluate<{ family: string; heading: string; button: string }>(HEADING_FONT);
    expect(font.family).toMatch(/^"Noto Sans CJK SC"/);
    expect(font.heading).toBe('700');
    expect(font.button).toBe('700');
    await expectText(page, '我们会向您的邮箱发送 6\u00a0位验证码。');
    await capture(page, 'sign-in-zh', { uhd: true });
    const email = suite.newEmail('zhou');
    await page.getByLabel('邮箱').fill(email);
    await page.getByRole('button', { name: '发送验证码' }).click();
    await page.getByRole('heading', { name: '查收邮件' }).waitFor();
    await capture(page, 'code-entry-zh', { uhd: true });
    await page.keyboard.type(await suite.server.latestCode(email));
    await page.getByRole('heading', { name: '您的账户' }).waitFor();
    await capture(page, 'account-zh', { uhd: true });

    const other = await suite.open({ locale: 'zh-CN' });
    await suite.server.advanceClock(61); // the resend cooldown is per email
    await other.getByLabel('邮箱').fill(email);
    await other.getByRole('button', { name: '发送验证码' }).click();
    await other.getByRole('heading', { name: '查收邮件' }).waitFor();
    await other.keyboard.type(await suite.server.latestCode(email));
    await other.getByRole('heading', { name: '您的账户' }).waitFor();

    await page.getByRole('link', { name: '设备' }).click();
    await page.locator('li.device').nth(1).waitFor();
    expect(await page.locator('li.device .name').allTextContents()).toEqual(['Linux 上的 Chrome', 'Linux 上的 Chrome']);
    expect(await page.getByRole('button', { name: '让此设备退出登录: Linux 上的 Chrome' }).count()).toBe(1);
    await capture(page, 'devices-zh', { uhd: true });
  });

  it('labels each sign-out by what it ends, and tells same-named devices apart', async () => {
    const email = suite.newEmail('twins');
    const page = await suite.open({ viewport: DESKTOP });
    await signInByCode(page, suite.server, email);
    const tab = await suite.openTab(page);
    await suite.server.advanceClock(61);
    await signInByCode(tab, suite.server, email);
    const other = await suite.open();
    await suite.server.advanceClock(61);
    await signInByCode(other, suite.server, email);

    await page.getByRole('link', { name: 'Devices' }).click();
    await expect.poll(() => page.locator('li.session').count()).toBe(3);
    const [mine, theirs] = [page.locator('li.device').nth(0), page.locator('li.device').nth(1)];
    expect(await mine.locator('.name').textContent()).toBe(await theirs.locator('.name').textContent());
    // Two profiles of one browser: the same name, told apart by first sign-in, address and id.
    const facts = (device: typeof mine) => device.locator('.facts').textContent();
    expect(await facts(mine)).toMatch(/^First seen .+ · from\s127\.0\.0\.1 · ID\s[\w-]{6}$/);
    expect(await facts(theirs)).not.toBe(await facts(mine));
    // The visible words say which: a session of this device, or the whole other device.
    expect(await mine.getByRole('button', { name: /^End this session: / }).innerText()).toBe('End this session');
    expect(await theirs.getByRole('button', { name: /^Sign out this device: / }).innerText()).toBe(
      'Sign out this device',
    );
    expect(await page.getByRole('button', { name: /^Sign out$/ }).count()).toBe(1); // the header's own
    await capture(page, 'devices-labels', { uhd: true });
  });

  it('after too many wrong codes shows one state and one action: a new code', async () => {
    const page = await suite.open({ beforeGoto: (p) => p.clock.install() });
    const email = suite.newEmail('spent');
    await requestCode(page, email);
    const wrong = wrongCode(await suite.server.latestCode(email));
    for (let i = 0; i < 6 && (await page.getByLabel('Digit 1 of 6').count()) > 0; i++) {
      await page.getByLabel('Digit 1 of 6').focus();
      await page.keyboard.type(wrong);
      await expect.poll(() => page.getByRole('button', { name: 'Verify' }).isEnabled()).toBe(false);
      await page
        .getByText(/incorrect|Too many/)
        .first()
        .waitFor();
    }
    await expectText(page, 'Too many wrong codes. Please request a new code.');
    const card = page.locator('latchkey-code-entry');
    expect(await card.getByRole('button').count()).toBe(1);
    const resend = card.getByRole('button');
    expect((await resend.innerText()).trim()).toMatch(/^Send a new code in \d:\d\d$/);
    expect(await resend.getAttribute('aria-disabled')).toBe('true');
    expect(await page.getByText(/Try again in/).count()).toBe(0);
    expect(await page.getByLabel('Digit 1 of 6').count()).toBe(0);
    await expect.poll(() => resend.evaluate((el) => el.matches(':focus'))).toBe(true);
    await capture(page, 'code-spent', { uhd: true });

    await suite.server.advanceClock(61);
    await page.clock.fastForward(61_000);
    await page.getByRole('button', { name: 'Send a new code', exact: true }).click();
    await expectText(page, 'A new code is on its way.');
    await page.getByLabel('Digit 1 of 6').focus();
    await page.keyboard.type(await suite.server.latestCode(email, wrong));
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await suite.server.advanceClock(3601); // failures count per address for an hour
  });

  it('shows and announces that a button is waiting', async () => {
    const page = await suite.open();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/trpc/auth.requestEmailCode**', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByLabel('Email', { exact: true }).fill(suite.newEmail('patience'));
    await page.getByRole('button', { name: 'Send code' }).click();
    await expect.poll(() => page.evaluate<{ busy: string }>(SUBMIT_STATE).then((s) => s.busy)).toBe('true');
    expect(await page.evaluate(SUBMIT_STATE)).toEqual({
      busy: 'true',
      label: 'Send code',
      spinner: true,
      status: ['Working…'],
    });
    release();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await page.unroute('**/trpc/auth.requestEmailCode**');

    await page.getByRole('button', { name: 'Use a different email' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(SUBMIT_STATE)).toEqual({
      busy: 'false',
      label: 'Send code',
      spinner: false,
      status: [],
    });
  });
});
