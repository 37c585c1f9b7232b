// The real renderer bundle (renderer/dist, as packaged) in Chromium, as Electron would run it:
// served through the app:// handler with its CSP, the real preload with a stand-in for
// contextBridge/ipcRenderer, and every call reaching the real main-side IPC handler and app session
// in Node. A person signs in by email code, out and in again, then the session is revoked elsewhere;
// no token ever reaches the page. "Remember me" is offered where the OS key store is real (the
// sign-in is then sealed to disk by main) and shown disabled, with the reason, on basic_text.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { AuthServer } from '../../main/server/server.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastCode } from '../helpers/email.ts';
import { startIpc } from '../helpers/ipc.ts';
import { fakeOsCrypto } from '../helpers/os-crypto.ts';
import { rememberSupport } from '../../main/app-session/os-crypto.ts';
import { fileRememberedStore } from '../../main/app-session/remembered-store.ts';
import { forwardAccountEvents } from '../../main/ipc/latchkey-ipc.ts';
import { launchChromium, openAppPage, STAND_IN_ORIGIN } from './helpers/electron-stand-in.ts';
import { capture } from './helpers/browser.ts';

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

describe('remember me over the Electron bridge (docs/security.md R40)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'latchkey-remember-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Main with a sealed remember-me file under the given Linux key store backend. */
  async function openWithBackend(backend: string) {
    const os = fakeOsCrypto({ backend });
    const path = join(dir, `${backend}.bin`);
    const ipc = startIpc({
      appOrigin: STAND_IN_ORIGIN,
      store: fileRememberedStore(path, os),
      remember: await rememberSupport(os),
    });
    const app = await openAppPage(browser, ipc.ipc, { rendererDir: RENDERER, appInfo: APP_INFO });
    const box = app.page.getByLabel('Remember me on this device');
    await box.waitFor();
    return { ipc, app, box, path, os };
  }

  it('is offered with a keyring; checked, main seals the sign-in to disk', async () => {
    const { ipc, app, box, path, os } = await openWithBackend('gnome_libsecret');
    expect(await box.isEnabled()).toBe(true);
    expect(await box.isChecked()).toBe(false);
    await capture(app.page, 'sign-in-remember');
    await box.check();
    await expect.poll(() => ipc.session.state.rememberMe.enabled).toBe(true);
    expect(existsSync(path)).toBe(false);

    await signInByCode(app.page, ipc.server);
    const user = ipc.session.currentUser()!;
    expect(ipc.session.state.accounts.map((a) => a.remembered)).toEqual([true]);
    const saved = await fileRememberedStore(path, os).load();
    expect(saved).toEqual([{ userId: user.id, refreshToken: expect.stringMatching(/^\S{40,}$/), active: true }]);
    // Sealed: the token is not in the file as written, yet it is the live one main holds.
    expect(readFileSync(path).toString('latin1')).not.toContain(saved[0]!.refreshToken);
    const restored = await ipc.server.caller({}).auth.refresh({ refreshToken: saved[0]!.refreshToken });
    expect(restored.user.email).toBe(EMAIL);
    expect(app.cspViolations).toEqual([]);
    await app.page.context().close();
  });

  it('is shown disabled, with the reason, on Linux basic_text; nothing is written', async () => {
    const { ipc, app, box, path } = await openWithBackend('basic_text');
    expect(await box.isDisabled()).toBe(true);
    expect(await box.isChecked()).toBe(false);
    const why = app.page.getByText('Remember me is off: this Linux session has no keyring', { exact: false });
    expect(await why.isVisible()).toBe(true);
    expect(await box.getAttribute('aria-describedby')).toBe('remember-why');
    await capture(app.page, 'sign-in-remember-unavailable');

    await signInByCode(app.page, ipc.server);
    expect(ipc.session.state.accounts.map((a) => a.remembered)).toEqual([false]);
    expect(existsSync(path)).toBe(false);
    expect(app.cspViolations).toEqual([]);
    await app.page.context().close();
  });
});
