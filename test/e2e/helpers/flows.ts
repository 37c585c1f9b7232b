// Steps the e2e tests share: signing in by email code the way a person does (typing the code from
// the dev outbox), and computing authenticator codes from a secret shown on screen.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { authenticator } from '../../helpers/totp.ts';
import type { DevServer } from './serve.ts';

export async function requestCode(page: Page, email: string): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Send code' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
}

/** Email, code from the outbox typed into the boxes, then the account screen. */
export async function signInByCode(page: Page, server: DevServer, email: string): Promise<void> {
  await requestCode(page, email);
  const code = await server.latestCode(email);
  await page.getByLabel('Digit 1 of 6').focus();
  await page.keyboard.type(code);
  await page.getByRole('heading', { name: 'Your account' }).waitFor();
}

export async function signInByPassword(page: Page, email: string, password: string): Promise<void> {
  await signInByPasswordIn(page, SIGN_IN_WORDS.en, email, password);
}

/** What the password sign-in form says, per language the screens speak (and the browser locale). */
export const SIGN_IN_WORDS = {
  en: { locale: 'en-US', passwordTab: 'Password', email: 'Email', password: 'Password', signIn: 'Sign in' },
  zh: { locale: 'zh-CN', passwordTab: '密码', email: '邮箱', password: '密码', signIn: '登录' },
} as const;

type SignInWords = (typeof SIGN_IN_WORDS)[keyof typeof SIGN_IN_WORDS];

export async function signInByPasswordIn(
  page: Page,
  words: SignInWords,
  email: string,
  password: string,
): Promise<void> {
  await page.getByRole('button', { name: words.passwordTab, exact: true }).click();
  await page.getByLabel(words.email, { exact: true }).fill(email);
  await page.getByLabel(words.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: words.signIn, exact: true }).click();
}

/** The code an authenticator app shows now, by the server's clock. */
export function totpNow(server: DevServer, base32: string): Promise<string> {
  return authenticator(base32, () => server.now()).code();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}

export async function expectText(page: Page, text: string | RegExp): Promise<void> {
  await page.getByText(text).first().waitFor();
  expect(await page.getByText(text).count()).toBeGreaterThan(0);
}
