// Managing two-step verification end to end: new recovery codes (confirmed with a current code,
// then copied, downloaded and printed from the must-acknowledge view) replace the old ones at the
// next challenge; turning TOTP off with a recovery code, and new codes, ask for a fresh sign-in
// first, right there, once the sign-in is old.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { capture } from './helpers/browser.ts';
import { SIGN_IN_WORDS, expectText, signInByPassword, signInByPasswordIn, signOut, totpNow } from './helpers/flows.ts';
import { useScreensSuite } from './helpers/suite.ts';

const suite = useScreensSuite();

// window.print would open a dialog: count the calls instead.
const STUB_PRINT = 'window.print = () => { window.__printed = (window.__printed || 0) + 1; };';

/** Password, then the authenticator code the challenge asks for (a fresh 30 s step each time). */
async function signInWithTotp(page: Page, email: string, password: string, secret: string): Promise<void> {
  await signInByPassword(page, email, password);
  await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
  await suite.server.advanceClock(30);
  await page.keyboard.type(await totpNow(suite.server, secret));
  await page.getByRole('heading', { name: 'Your account' }).waitFor();
}

async function signInWithRecoveryCode(page: Page, email: string, password: string, code: string): Promise<void> {
  await signInByPassword(page, email, password);
  await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}

describe('two-step verification settings', { timeout: 120_000 }, () => {
  it('replaces the recovery codes, saved by copy, download and print; only the new ones work', async () => {
    const { server } = suite;
    const email = suite.newEmail('curie');
    const password = 'radium and polonium in a shed';
    const { totp } = await server.seedUser({ email, password, totp: true });
    const old = totp!.recoveryCodes;
    const page = await suite.open({
      beforeGoto: async (p) => {
        await p.addInitScript({ content: STUB_PRINT });
      },
    });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await signInWithTotp(page, email, password, totp!.secret);
    await expectText(page, '10 recovery codes left.');

    // The card offers both forms as buttons; each form shows only when asked for.
    expect(await page.locator('#regenerate-code, #disable-code').count()).toBe(0);
    await page.getByRole('button', { name: 'New recovery codes' }).click();
    const form = page.getByRole('form', { name: 'New recovery codes' });
    expect(await page.getByRole('form', { name: 'Turn off two-step verification' }).count()).toBe(0);
    await form.getByLabel('Code from your authenticator app').fill('000000');
    await form.getByRole('button', { name: 'Get new codes' }).click();
    await expectText(page, 'The authenticator code is incorrect.');
    await server.advanceClock(30);
    await form.getByLabel('Code from your authenticator app').fill(await totpNow(server, totp!.secret));
    await form.getByRole('button', { name: 'Get new codes' }).click();
    await page.getByText('Your old recovery codes no longer work.', { exact: false }).waitFor();
    const fresh = (await page.locator('#recovery-codes li').allTextContents()).map((c) => c.trim());
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((code) => old.includes(code))).toEqual([]);
    const done = page.getByRole('button', { name: 'Done' });
    expect(await done.isDisabled()).toBe(true);
    await capture(page, 'recovery-codes-new');

    await page.getByRole('button', { name: 'Copy all' }).click();
    await expectText(page, 'Copied');
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(fresh.join('\n'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('latchkey-recovery-codes.txt');
    expect(readFileSync(await download.path(), 'utf8')).toBe(
      `Latchkey recovery codes for ${email}\n\n${fresh.join('\n')}\n`,
    );
    await page.getByRole('button', { name: 'Print' }).click();
    expect(await page.evaluate<number>('window.__printed')).toBe(1);
    // On paper: the codes, without the buttons or the checkbox.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#recovery-codes').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Copy all' }).isVisible()).toBe(false);
    expect(await done.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    await page.getByLabel('I have saved my recovery codes').check();
    await done.click();
    await expectText(page, 'New recovery codes saved.');
    await expectText(page, '10 recovery codes left.');

    await signOut(page);
    await signInWithRecoveryCode(page, email, password, old[2]!);
    // A recovery code is not an authenticator code: its own message, from the server's reason.
    await expectText(page, 'This recovery code is incorrect or was already used.');
    expect(await page.getByText('The authenticator code is incorrect.').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Two-step verification' }).isVisible()).toBe(true);
    await page.getByLabel('Recovery code').fill(fresh[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await expectText(page, '9 recovery codes left.');
  });

  it('turns TOTP off with a recovery code, after signing in again when the sign-in is old', async () => {
    const { server } = suite;
    const email = suite.newEmail('meitner');
    const password = 'fission explained in the snow';
    const { totp } = await server.seedUser({ email, password, totp: true });
    const page = await suite.open();
    await signInWithTotp(page, email, password, totp!.secret);

    await server.advanceClock(6 * 60); // past the window in which turning off needs no new sign-in
    const form = page.getByRole('form', { name: 'Turn off two-step verification' });
    const openForm = page.getByRole('button', { name: 'Turn off two-step verification' });
    expect(await form.count()).toBe(0);
    await openForm.click();
    expect(await openForm.getAttribute('aria-expanded')).toBe('true');
    await form.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await form.getByLabel('Recovery code').fill(totp!.recoveryCodes[0]!);
    await form.getByRole('button', { name: 'Turn off' }).click();
    // The prompt is where the person acted, not in the Delete section.
    await form.getByText('For your safety, sign in again, then turn off two-step verification.').waitFor();
    const deleteSection = page.locator('section.danger');
    expect(await deleteSection.getByRole('button', { name: 'Sign in again' }).count()).toBe(0);
    expect(await deleteSection.getByRole('button', { name: 'Delete my account' }).count()).toBe(1);
    await capture(page, 'totp-reauth');
    await form.getByRole('button', { name: 'Sign in again' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(email);
    await signInWithTotp(page, email, password, totp!.secret);

    await openForm.click();
    await form.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await form.getByLabel('Recovery code').fill(totp!.recoveryCodes[0]!);
    await form.getByRole('button', { name: 'Turn off' }).click();
    await expectText(page, 'Two-step verification is off.');
    await expectText(page, /^Off\. Add an authenticator app/);
    expect(await page.getByRole('button', { name: 'Set up' }).isVisible()).toBe(true);

    // Off on the server too: the password alone signs in now.
    await signOut(page);
    await signInByPassword(page, email, password);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await expectText(page, /^Off\. Add an authenticator app/);
  });

  const WORDS = {
    en: {
      ...SIGN_IN_WORDS.en,
      challenge: 'Two-step verification',
      prompt: 'For your safety, sign in again, then make new recovery codes.',
    },
    zh: { ...SIGN_IN_WORDS.zh, challenge: '两步验证', prompt: '为了您的安全，请重新登录后再生成新的恢复码。' },
  } as const;

  for (const [language, words] of Object.entries(WORDS)) {
    it(`asks for a fresh sign-in before new recovery codes when the sign-in is old (${language})`, async () => {
      const { server } = suite;
      const email = suite.newEmail(`noether-${language}`);
      const password = 'symmetry means conservation';
      const { totp } = await server.seedUser({ email, password, totp: true });
      const page = await suite.open({ locale: words.locale });
      await signInByPasswordIn(page, words, email, password);
      await page.getByRole('heading', { name: words.challenge }).waitFor();
      await server.advanceClock(30);
      await page.keyboard.type(await totpNow(server, totp!.secret));
      await page.locator('#open-regenerate').waitFor();

      await server.advanceClock(6 * 60); // past the window in which new codes need no new sign-in
      await page.locator('#open-regenerate').click();
      await page.locator('#regenerate-code').fill(await totpNow(server, totp!.secret));
      await page.locator('#regenerate-form button[type=submit]').click();
      await page.getByText(words.prompt).waitFor();
      expect(await page.locator('#regenerate-form button[type=submit]').count()).toBe(0);
      await capture(page, `totp-new-codes-reauth-${language}`);
    });
  }
});
