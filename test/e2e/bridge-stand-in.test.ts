// The preload bridge in Chromium: the real preload (with a stand-in for Electron's contextBridge
// and ipcRenderer) and the real main-side IPC handler in Node. A page served through the app://
// handler talks to main only through `window.latchkey`, under the app's CSP.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastCode } from '../helpers/email.ts';
import { startIpc } from '../helpers/ipc.ts';
import { tempDir } from '../helpers/server.ts';
import { launchChromium, openAppPage, STAND_IN_ORIGIN } from './helpers/electron-stand-in.ts';

const APP_INFO = { name: 'Latchkey', version: '0.1.0', platform: 'linux' };

// A tiny page (no inline script: the CSP forbids it) that signs in through the bridge.
const PAGE_SCRIPT = `
const bridge = window.latchkey;
let next = 1;
window.call = (method, path, input) => new Promise((resolve) => {
  const id = next++;
  const stop = bridge.onMessage((message) => {
    if (message.id !== id) return;
    stop();
    resolve(message);
  });
  bridge.sendMessage({ id, method, params: { path, input } });
});
`;
const FRAME_SCRIPT = `
const bridge = window.latchkey;
const stop = bridge.onMessage(() => {});
bridge.sendMessage({ id: 77, method: 'mutation', params: { path: 'auth.register', input: { email: 'x@example.com', password: 'long enough pass', name: 'X' } } });
setTimeout(() => { stop(); parent.postMessage('sent', '*'); }, 200);
`;

function site(): string {
  const root = join(tempDir(), 'dist');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>stand-in</title><script src="/page.js"></script>');
  writeFileSync(join(root, 'frame.html'), '<!doctype html><script src="/frame.js"></script>');
  writeFileSync(join(root, 'page.js'), PAGE_SCRIPT);
  writeFileSync(join(root, 'frame.js'), FRAME_SCRIPT);
  return root;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the preload bridge in Chromium', () => {
  it('exposes one object and signs in by email code without any token reaching the page', async () => {
    const ipc = startIpc({ appOrigin: STAND_IN_ORIGIN });
    const { page, delivered } = await openAppPage(browser, ipc.ipc, { rendererDir: site(), appInfo: APP_INFO });
    const surface = await page.evaluate('Object.keys(window.latchkey).sort().join()');
    expect(surface).toBe('appInfo,onMessage,sendMessage');
    expect(await page.evaluate('window.latchkey.appInfo.name')).toBe('Latchkey');

    await page.evaluate(`call('mutation', 'auth.requestEmailCode', { email: 'grace@example.com' })`);
    const code = lastCode(ipc.server, 'grace@example.com');
    const signedIn = (await page.evaluate(
      `call('mutation', 'auth.verifyEmailCode', { email: 'grace@example.com', code: '${code}' })`,
    )) as { result: { data: { user: { email: string }; tokens: Record<string, unknown> } } };
    expect(signedIn.result.data.user.email).toBe('grace@example.com');
    expect(Object.keys(signedIn.result.data.tokens)).not.toContain('refreshToken');
    const me = (await page.evaluate(`call('query', 'account.me')`)) as { result: { data: { email: string } } };
    expect(me.result.data.email).toBe('grace@example.com');
    expect(JSON.stringify(delivered)).not.toMatch(/"(refreshToken|accessToken|idToken)"|eyJ[\w-]+\.[\w-]+\./);
    await page.context().close();
  });

  it('holds the CSP: no inline script, no frames (R51)', async () => {
    const ipc = startIpc({ appOrigin: STAND_IN_ORIGIN });
    const { page } = await openAppPage(browser, ipc.ipc, { rendererDir: site(), appInfo: APP_INFO });
    const violated = await page.evaluate(`new Promise((resolve) => {
      const seen = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        seen.push(e.effectiveDirective);
        if (seen.length === 2) resolve(seen.sort().join());
      });
      const script = document.createElement('script');
      script.textContent = 'window.pwned = 1';
      document.body.append(script);
      const frame = document.createElement('iframe');
      frame.src = '/frame.html';
      document.body.append(frame);
    })`);
    expect(violated).toBe('frame-src,script-src-elem');
    expect(await page.evaluate('typeof window.pwned')).toBe('undefined');
    expect(ipc.server.services.db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
    await page.context().close();
  });
});
