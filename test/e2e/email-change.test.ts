// "Change email" on the Account screen and the "this was not me" page, the way a person uses
// them, in English and Chinese: the new address, the code typed from the dev outbox, done; then
// the report link from the old address's notice, which asks before it locks the account.
// Chromium (playwright-core) against `latchkey serve --dev`.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useScreensSuite } from './helpers/suite.ts';
import { capture } from './helpers/browser.ts';
import { SIGN_IN_WORDS, signInByPasswordIn } from './helpers/flows.ts';
import type { DevServer } from './helpers/serve.ts';

const suite = useScreensSuite();
const PASSWORD = 'correct horse battery staple';

const WORDS = {
  en: {
    ...SIGN_IN_WORDS.en,
    account: 'Your account',
    change: 'Change email',
    newEmail: 'New email address',
    send: 'Send code',
    digit: 'Digit 1 of 6',
    confirm: 'Change email',
    changed: (email: string) => `Your email is now ${email}.`,
    reportTitle: 'Report an email change',
    report: 'This was not me: lock the account',
    reported: 'The account is locked and every device was signed out.',
    locked: 'Too many attempts. Please try again later.',
  },
  zh: {
    ...SIGN_IN_WORDS.zh,
    account: '您的账户',
    change: '更改邮箱',
    newEmail: '新邮箱地址',
    send: '发送验证码',
    digit: '第 1 位，共 6 位',
    confirm: '更改邮箱',
    changed: (email: string) => `您的邮箱已更改为 ${email}。`,
    reportTitle: '举报邮箱更改',
    report: '这不是我本人：锁定账户',
    reported: '账户已锁定，所有设备均已退出登录。',
    locked: '尝试次数过多，请稍后再试。',
  },
} as const;

type Words = (typeof WORDS)[keyof typeof WORDS];

async function signIn(page: Page, words: Words, email: string): Promise<void> {
  await signInByPasswordIn(page, words, email, PASSWORD);
}

/** The report token in the newest notice to `email` (its text names no link without linkBaseUrl). */
async function reportToken(server: DevServer, email: string): Promise<string> {
  const response = await fetch(`${server.url}/v1/dev/outbox?email=${encodeURIComponent(email)}&limit=1`);
  const { data } = (await response.json()) as { data: { messages: Array<{ text: string }> } };
  const token = /([A-Za-z0-9_-]{43})/.exec(data.messages[0]?.text ?? '')?.[1];
  if (!token) throw new Error(`no report token mailed to ${email}`);
  return token;
}

describe('change email', { timeout: 120_000 }, () => {
  for (const [language, words] of Object.entries(WORDS)) {
    it(`new address → code → changed; the report page locks the account (${language})`, async () => {
      const email = suite.newEmail(`ada-${language}`);
      const newEmail = suite.newEmail(`ada-new-${language}`);
      await suite.server.seedUser({ email, password: PASSWORD });
      const page = await suite.open({ locale: words.locale });
      await signIn(page, words, email);
      await page.getByRole('heading', { name: words.account }).waitFor();

      await page.getByRole('button', { name: words.change, exact: true }).click();
      await page.getByLabel(words.newEmail).fill(newEmail);
      if (language === 'en') await capture(page, 'email-change-en');
      await page.getByRole('button', { name: words.send }).click();
      await page.getByLabel(words.digit).waitFor();
      const code = await suite.server.latestCode(newEmail);
      if (language === 'zh') await capture(page, 'email-change-code-zh');
      await page.getByLabel(words.digit).focus();
      await page.keyboard.type(code);
      await page.getByRole('button', { name: words.confirm, exact: true }).click();
      await page.getByText(words.changed(newEmail)).waitFor();

      // The old address's notice: its link opens a page that asks first.
      const token = await reportToken(suite.server, email);
      const report = await suite.open({ locale: words.locale, path: `/#/email-change-report/${token}` });
      await report.getByRole('heading', { name: words.reportTitle }).waitFor();
      expect(report.url()).not.toContain(token);
      await capture(report, `email-change-report-${language}`);
      await report.getByRole('button', { name: words.report }).click();
      await report.getByText(words.reported).waitFor();

      // Every session ended: the account screen is gone, and signing in is refused as locked.
      await page.getByRole('button', { name: words.passwordTab, exact: true }).waitFor();
      await signIn(page, words, newEmail);
      await page.getByText(words.locked).first().waitFor();
    });
  }
});
