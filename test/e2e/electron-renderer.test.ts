// The real renderer bundle (renderer/dist, as packaged) in Chromium, as Electron would run it:
// served through the app:// handler with its CSP, the real preload with a stand-in for
// contextBridge/ipcRenderer, and every call reaching the real main-side IPC handler and app session
// in Node. A person signs in by email code, out and in again, then the session is revoked elsewhere;
// no token ever reaches the page.
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { AuthServer } from '../../main/server/server.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastCode } from '../helpers/email.ts';
import { startIpc } from '../helpers/ipc.ts';
import { forwardAccountEvents } from '../../main/ipc/latchkey-ipc.ts';
import { launchChromium, openAppPage, STAND_IN_ORIGIN } from './helpers/electron-stand-in.ts';

const RENDERER = fileURLToPath(new URL('../../renderer/dist', import.meta.url));
const APP_INFO = {
  name: 'Latchkey',
  version: '0.1.0',
  platform: 'linux',
  kiosk: false,
  devMode: false,
  locale: 'en-US',
};
const EMAIL = 'grace@example.com';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** What a person does: email, the code from the mail, then the account screen. */
async function signInByCode(page: Page, server: AuthServer): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(EMAIL);
  await page.getByRole('button', { name: 'Send code' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await page.getByLabel('Digit 1 of 6').focus();
  await page.keyboard.type(lastCode(server, EMAIL));
  await page.getByRole('heading', { name: 'Your account' }).waitFor();
}

describe('the screens over the Electron bridge', () => {
  it('signs in by email code, out, in again, and ends when revoked elsewhere; the page never holds a token', async () => {
    const ipc = startIpc({ appOrigin: STAND_IN_ORIGIN });
    const app = await openAppPage(browser, ipc.ipc, { rendererDir: RENDERER, appInfo: APP_INFO });
    const stopEvents = forwardAccountEvents(ipc.server, ipc.session, app.push);
    const { page } = app;

    await signInByCode(page, ipc.server);
    await page.getByText(EMAIL).first().waitFor();

    // Main holds the session, on this machine's identity; the page has only the bridge.
    expect(ipc.session.currentUser()?.email).toBe(EMAIL);
    expect(ipc.session.state.accounts[0]?.device).toMatchObject({ id: 'ins_testmachine0000000001', platform: 'linux' });
    expect(await page.evaluate('Object.keys(window.latchkey).sort().join()')).toBe('appInfo,onMessage,sendMessage');
    const stored = await page.evaluate('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })');
    expect(stored).not.toMatch(/eyJ|refresh/i);

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(ipc.session.currentUser()).toBeUndefined();
    expect(ipc.server.services.audit.list({ type: 'logout', limit: 5 })).toHaveLength(1);

    // Signed in again, then the session is revoked elsewhere: main pushes the event, the screen
    // goes back to sign-in and main drops the account.
    ipc.clock.advance(61_000);
    await signInByCode(page, ipc.server);
    const sessionId = ipc.session.state.accounts[0]!.session.id;
    await ipc.server.adminCaller().admin.sessions.revoke({ id: sessionId });
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(ipc.session.currentUser()).toBeUndefined();

    const payloads = JSON.stringify(app.delivered);
    expect(payloads).toContain(`"type":"session.revoked","sessionId":"${sessionId}"`);
    expect(payloads).toContain(EMAIL);
    expect(payloads).not.toMatch(/"(refreshToken|accessToken|idToken)"|eyJ[\w-]+\.[\w-]+\./);
    expect(app.cspViolations).toEqual([]);
    stopEvents();
    await page.context().close();
  });
});
