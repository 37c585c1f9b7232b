// "Forgot password?" on the sign-in screen, the way a person uses it: email, the mailed code typed
// from the dev outbox with a new password, then signed in; a TOTP account is asked for its code.
// Chromium (playwright-core) against `latchkey serve --dev`.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useScreensSuite } from './helpers/suite.ts';
import { signInByPassword, totpNow } from './helpers/flows.ts';

const suite = useScreensSuite();
const OLD = 'correct horse battery staple';
const NEW = 'violet staircase humming quietly';

async function resetPassword(page: Page, email: string): Promise<void> {
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByRole('button', { name: 'Password', exact: true }).click();
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Forgot password?' }).click();
  await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
  expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(email);
  await page.getByRole('button', { name: 'Send code' }).click();
  await page.getByLabel('Digit 1 of 6').waitFor();
  const code = await suite.server.latestCode(email);
  await page.getByLabel('Digit 1 of 6').focus();
  await page.keyboard.type(code);
  await page.getByLabel('New password').fill(NEW);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
}

describe('forgot password', { timeout: 90_000 }, () => {
  it('email → code and new password → signed in; the new password works, the old one not', async () => {
    const email = suite.newEmail('ada');
    await suite.server.seedUser({ email, password: OLD });
    const page = await suite.open();
    await resetPassword(page, email);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();

    const other = await suite.open();
    await signInByPassword(other, email, OLD);
    await other.getByText('The email or password you entered is incorrect.').first().waitFor();
    await other.getByLabel('Password', { exact: true }).fill(NEW);
    await other.getByRole('button', { name: 'Sign in', exact: true }).click();
    await other.getByRole('heading', { name: 'Your account' }).waitFor();
  });

  it('a TOTP account is asked for its authenticator code after the reset', async () => {
    const email = suite.newEmail('grace');
    const seeded = await suite.server.seedUser({ email, password: OLD, totp: true });
    const page = await suite.open();
    await resetPassword(page, email);
    // The reset form has six code boxes too: wait for the second step itself before typing.
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    await suite.server.advanceClock(30);
    await page.getByLabel('Digit 1 of 6').focus();
    await page.keyboard.type(await totpNow(suite.server, seeded.totp!.secret));
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
  });
});
