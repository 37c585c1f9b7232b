// The sign-in screen shows only what the server offers (auth.methods): served with no mail
// transport and registration closed, there is no email-code option and no sign-up link, and the
// password form signs in. Chromium (playwright-core) against `latchkey serve --dev`.
import { describe, expect, it } from 'vitest';
import { capture } from './helpers/browser.ts';
import { useScreensSuite } from './helpers/suite.ts';

const suite = useScreensSuite({ email: { transport: 'none' }, registration: { open: false } });

describe('sign-in methods', { timeout: 90_000 }, () => {
  it('hides the email-code option and the sign-up link the server does not offer', async () => {
    const email = suite.newEmail('ada');
    await suite.server.seedUser({ email, password: 'correct horse battery staple' });
    const page = await suite.open();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Password', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Email code' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Send code' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Create an account' }).count()).toBe(0);
    await capture(page, 'sign-in-password-only');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
  });
});
