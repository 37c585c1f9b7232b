// "Email me a sign-in link" as a person uses it, in Chromium against `latchkey serve --dev`: the
// link opened in the tab that asked signs in at once; opened in another browser it first shows
// who asked (device, address, time) and waits for a yes; a TOTP account then gets its step.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useScreensSuite } from './helpers/suite.ts';
import { totpNow } from './helpers/flows.ts';

const suite = useScreensSuite();

async function latestLink(email: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await fetch(`${suite.server.url}/v1/dev/outbox?email=${encodeURIComponent(email)}&limit=1`);
    const body = (await response.json()) as { data: { messages: Array<{ link: string | null }> } };
    const link = body.data.messages[0]?.link;
    if (link) return link;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no link mailed to ${email}`);
}

async function askForLink(
  page: Page,
  email: string,
  labels = { heading: 'Sign in', button: 'Email me a sign-in link' },
) {
  await page.getByRole('heading', { name: labels.heading }).waitFor();
  await page
    .getByLabel(/Email|邮箱/)
    .first()
    .fill(email);
  await page.getByRole('button', { name: labels.button }).click();
}

describe('magic-link sign-in', { timeout: 90_000 }, () => {
  it('the tab that asked signs in at once; the URL loses its token', async () => {
    const email = suite.newEmail('ada');
    await suite.server.seedUser({ email });
    const page = await suite.open();
    await askForLink(page, email);
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    const link = await latestLink(email);
    expect(link.startsWith(`${suite.server.url}/auth/magic?token=`)).toBe(true);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(page.url()).not.toContain('token=');
  });

  it('another browser is shown who asked and must confirm; the link then works no more', async () => {
    const email = suite.newEmail('bob');
    await suite.server.seedUser({ email });
    const asking = await suite.open();
    await askForLink(asking, email);
    await asking.getByRole('heading', { name: 'Check your email' }).waitFor();
    const link = await latestLink(email);

    const other = await suite.open({ path: new URL(link).pathname + new URL(link).search });
    await other.getByRole('heading', { name: 'Sign in with this link?' }).waitFor();
    await other.getByText(`Account: ${email}`).waitFor();
    await other.getByText(/Asked for from .*web/).waitFor();
    await other.getByText('Address: 127.0.0.1').waitFor();
    await other.getByRole('button', { name: 'Yes, sign me in' }).click();
    await other.getByRole('heading', { name: 'Your account' }).waitFor();

    // Used: opening it again says so.
    const again = await suite.open({ path: new URL(link).pathname + new URL(link).search });
    await again.getByText('This sign-in link is not valid any more', { exact: false }).waitFor();
  });

  it('"No, this was not me" leaves without signing in, and the link still works for its owner', async () => {
    const email = suite.newEmail('cy');
    await suite.server.seedUser({ email });
    const asking = await suite.open();
    await askForLink(asking, email);
    const link = await latestLink(email);
    const other = await suite.open({ path: new URL(link).pathname + new URL(link).search });
    await other.getByRole('button', { name: 'No, this was not me' }).click();
    await other.getByRole('heading', { name: 'Sign in' }).waitFor();
    await asking.goto(link);
    await asking.getByRole('heading', { name: 'Your account' }).waitFor();
  });

  it('a TOTP account confirms, then passes its authenticator step', async () => {
    const email = suite.newEmail('grace');
    const seeded = await suite.server.seedUser({ email, totp: true });
    const asking = await suite.open();
    await askForLink(asking, email);
    const link = await latestLink(email);
    const other = await suite.open({ path: new URL(link).pathname + new URL(link).search });
    await other.getByRole('button', { name: 'Yes, sign me in' }).click();
    await other.getByLabel('Digit 1 of 6').waitFor();
    await suite.server.advanceClock(30);
    await other.getByLabel('Digit 1 of 6').focus();
    await other.keyboard.type(await totpNow(suite.server, seeded.totp!.secret));
    await other.getByRole('heading', { name: 'Your account' }).waitFor();
  });

  it('in Chinese: the button, the check-your-email state and the confirmation', async () => {
    const email = suite.newEmail('li');
    await suite.server.seedUser({ email });
    const asking = await suite.open({ locale: 'zh-CN' });
    await askForLink(asking, email, { heading: '登录', button: '通过邮件发送登录链接' });
    await asking.getByRole('heading', { name: '请查收邮件' }).waitFor();
    const link = await latestLink(email);
    const other = await suite.open({ locale: 'zh-CN', path: new URL(link).pathname + new URL(link).search });
    await other.getByRole('heading', { name: '使用此链接登录？' }).waitFor();
    await other.getByText(`账户：${email}`).waitFor();
    await other.getByRole('button', { name: '是的，登录' }).click();
    await other.getByRole('heading', { name: '您的账户' }).waitFor();
  });
});
