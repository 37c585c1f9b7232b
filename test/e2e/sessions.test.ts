// Sessions end to end: the devices screen lists every session of every device and signs out one
// of them, even a second tab of this same browser; "sign out all other sessions" and a password
// change with "sign out my other sessions" end every other session, on this device or another.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { capture } from './helpers/browser.ts';
import { expectText, signInByCode, signInByPassword, signOut } from './helpers/flows.ts';
import { useScreensSuite } from './helpers/suite.ts';

const suite = useScreensSuite();

/** The id of the session the page is signed in with (browser mode keeps it in sessionStorage). */
function sessionIdOf(page: Page): Promise<string> {
  return page.evaluate<string>(
    "JSON.parse(sessionStorage.getItem('latchkey.accounts')).accounts.find((a) => a.user.id === JSON.parse(sessionStorage.getItem('latchkey.accounts')).activeId).session.id",
  );
}

/** The text a person reads, whitespace collapsed. */
async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

async function openDevices(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Devices' }).click();
  await page.getByText('This session', { exact: true }).waitFor();
}

/** Signed out by the server: back at sign-in with the "session ended" notice. */
async function expectSessionEnded(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await expectText(page, 'Your session ended. Please sign in again.');
}

describe('sessions', { timeout: 120_000 }, () => {
  it('lists each session of a device and signs out one of them from the other tab', async () => {
    const { server } = suite;
    const email = suite.newEmail('hamilton');
    const first = await suite.open();
    await signInByCode(first, server, email);
    const second = await suite.openTab(first);
    await server.advanceClock(61); // the resend cooldown is per email
    await signInByCode(second, server, email);
    const [firstSession, secondSession] = [await sessionIdOf(first), await sessionIdOf(second)];
    expect(firstSession).not.toBe(secondSession);

    await openDevices(second);
    await expect.poll(() => second.locator('li.session').count()).toBe(2);
    expect(await second.locator('li.device').count()).toBe(1);
    const signOutOthers = second.getByRole('button', { name: 'Sign out all other sessions' });
    // One device, but another session on it: there is something to sign out.
    expect(await signOutOthers.isEnabled()).toBe(true);
    const mine = second.locator(`li.session[data-session-id="${secondSession}"]`);
    const theirs = second.locator(`li.session[data-session-id="${firstSession}"]`);
    expect(await textOf(mine)).toMatch(/^Signed in with email code This session Since .+ · last active /);
    expect(await mine.getByRole('button').count()).toBe(0); // this session signs out from the header
    expect(await textOf(theirs)).toMatch(/^Signed in with email code Since .+ · last active .+ End this session$/);
    await capture(second, 'devices-sessions');

    await theirs.getByRole('button', { name: /^End this session: email code, since / }).click();
    await theirs.getByText('End this session?').waitFor();
    await capture(second, 'devices-session-confirm');
    await theirs.getByRole('button', { name: 'End this session', exact: true }).click();
    await expectSessionEnded(first);
    await expect.poll(() => second.locator('li.session').count()).toBe(1);
    expect(await signOutOthers.isDisabled()).toBe(true);
    await expectText(second, 'No other sessions.');

    // The other tab is still signed in, with its own session, as far as the server is concerned.
    await second.getByRole('button', { name: 'Refresh' }).click();
    await second.getByText('This session', { exact: true }).waitFor();
    expect(await second.locator(`li.session[data-session-id="${secondSession}"]`).count()).toBe(1);
    const token = await second.evaluate<string>(
      "JSON.parse(sessionStorage.getItem('latchkey.accounts')).accounts[0].tokens.accessToken",
    );
    const listed = await fetch(`${server.url}/v1/sessions`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await listed.json()) as { data: Array<{ id: string }> };
    expect(body.data.map((s) => s.id)).toEqual([secondSession]);
  });

  it('signs out every other session, on this device and on others', async () => {
    const { server } = suite;
    const email = suite.newEmail('noether');
    const main = await suite.open();
    await signInByCode(main, server, email);
    const tab = await suite.openTab(main);
    await server.advanceClock(61);
    await signInByCode(tab, server, email);
    const elsewhere = await suite.open({ viewport: { width: 1920, height: 1080 } });
    await server.advanceClock(61);
    await signInByCode(elsewhere, server, email);

    await openDevices(main);
    await expect.poll(() => main.locator('li.session').count()).toBe(3);
    expect(await main.locator('li.device').count()).toBe(2);
    await main.getByRole('button', { name: 'Sign out all other sessions' }).click();
    await expectText(main, 'Signed out 2 other sessions.');
    await expectSessionEnded(tab);
    await expectSessionEnded(elsewhere);
    await expect.poll(() => main.locator('li.session').count()).toBe(1);
    await expect.poll(() => main.locator('li.device').count()).toBe(1);
    expect(await main.getByRole('heading', { name: 'Devices and sessions' }).isVisible()).toBe(true);
  });

  it('changes the password with the current one and signs the other sessions out', async () => {
    const { server } = suite;
    const email = suite.newEmail('franklin');
    const password = 'photograph fifty one helix';
    const next = 'a brand new phrase for the lab';
    await server.seedUser({ email, password });
    const main = await suite.open();
    await signInByPassword(main, email, password);
    await main.getByRole('heading', { name: 'Your account' }).waitFor();
    const other = await suite.open();
    await signInByPassword(other, email, password);
    await other.getByRole('heading', { name: 'Your account' }).waitFor();

    await main.getByLabel('Current password', { exact: true }).fill('not my password at all');
    await main.getByLabel('New password', { exact: true }).fill(next);
    await main.getByRole('button', { name: 'Change password' }).click();
    await expectText(main, 'The password is incorrect.');
    expect(await other.getByRole('heading', { name: 'Your account' }).isVisible()).toBe(true);

    await main.getByLabel('Current password', { exact: true }).fill(password);
    await main.getByLabel('New password', { exact: true }).fill(next);
    expect(await main.getByLabel('Sign out my other sessions').isChecked()).toBe(true);
    await main.getByRole('button', { name: 'Change password' }).click();
    await expectText(main, 'Password saved.');
    await expectSessionEnded(other);
    expect(await main.getByRole('heading', { name: 'Your account' }).isVisible()).toBe(true);

    // The new password is the one that works now.
    await signInByPassword(other, email, password);
    await expectText(other, 'The email or password you entered is incorrect.');
    await signOut(main);
    await signInByPassword(main, email, next);
    await main.getByRole('heading', { name: 'Your account' }).waitFor();
  });
});
