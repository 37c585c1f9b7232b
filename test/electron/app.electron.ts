// The real app in real Electron (Playwright's _electron), for machines with Electron's binary:
// `npm run test:electron` skips this suite with one line where the binary is missing. It checks
// what only a running Electron can show: the window's live preferences, the renderer's lack of
// Node, the app:// origin and CSP, blocked navigation, windows and permissions, the single
// instance, and a sign-in over the real preload in which no token reaches the page.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronBinary } from '../../scripts/electron-binary.ts';
import type { LatchkeyBridge } from '../../shared/bridge.ts';

/** What the page scripts below touch (this file is type-checked without the DOM library). */
interface PageGlobals {
  latchkey: LatchkeyBridge & { invoke?: unknown };
  require?: unknown;
  process?: unknown;
  pwned?: number;
  document: { createElement(tag: 'script'): { textContent: string }; body: { append(node: unknown): void } };
  open(url: string): unknown;
  navigator: { mediaDevices: { getUserMedia(constraints: unknown): Promise<unknown> } };
  location: { href: string };
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const userData = mkdtempSync(join(tmpdir(), 'latchkey-electron-'));
const database = join(userData, 'latchkey.db');
const env = { ...process.env, LATCHKEY_DEV: '1', LATCHKEY_USER_DATA: userData } as Record<string, string>;

/** How many of a process's open file descriptors are `file` (Linux: /proc/PID/fd). */
function openHandles(pid: number, file: string): number {
  const dir = `/proc/${pid}/fd`;
  return readdirSync(dir).filter((fd) => {
    try {
      return readlinkSync(join(dir, fd)) === file;
    } catch {
      return false; // closed meanwhile
    }
  }).length;
}
let app: ElectronApplication;
let page: Page;

beforeAll(async () => {
  app = await _electron.launch({ executablePath: electronBinary()!, args: [root, '--dev'], env });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

afterAll(async () => {
  await app?.close();
  rmSync(userData, { recursive: true, force: true });
});

describe('the running app', () => {
  it('loads the screens from app:// with the CSP header', async () => {
    expect(page.url()).toMatch(/^app:\/\/latchkey\//);
    const csp = await page.evaluate(async () => (await fetch('/index.html')).headers.get('content-security-policy'));
    expect(csp).toContain("default-src 'none'");
  });

  it('runs the window with the preferences main wrote (R50)', async () => {
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]!.webContents as unknown as {
        getLastWebPreferences(): Record<string, unknown> | null;
      };
      const prefs = contents.getLastWebPreferences();
      return {
        contextIsolation: prefs?.contextIsolation,
        sandbox: prefs?.sandbox,
        nodeIntegration: prefs?.nodeIntegration,
        nodeIntegrationInSubFrames: prefs?.nodeIntegrationInSubFrames,
        webSecurity: prefs?.webSecurity,
        webviewTag: prefs?.webviewTag,
      };
    });
    expect(prefs).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    });
  });

  it('gives the page no Node and exactly one bridge object (R50, R54)', async () => {
    const seen = await page.evaluate(() => {
      const page = globalThis as unknown as PageGlobals;
      return {
        node: [typeof page.require, typeof page.process],
        keys: Object.keys(page.latchkey).sort(),
        invoke: typeof page.latchkey.invoke,
      };
    });
    expect(seen).toEqual({
      node: ['undefined', 'undefined'],
      keys: ['appInfo', 'onMessage', 'sendMessage'],
      invoke: 'undefined',
    });
  });

  it('blocks inline script, navigation away, new windows and permissions (R51, R52)', async () => {
    const result = await page.evaluate(async () => {
      const page = globalThis as unknown as PageGlobals;
      const script = page.document.createElement('script');
      script.textContent = 'window.pwned = 1';
      page.document.body.append(script);
      const opened = page.open('https://example.com/');
      let media = 'granted';
      await page.navigator.mediaDevices.getUserMedia({ video: true }).catch(() => (media = 'denied'));
      return { pwned: page.pwned, opened, media };
    });
    expect(result).toEqual({ pwned: undefined, opened: null, media: 'denied' });
    const before = page.url();
    await page.evaluate(
      () => ((globalThis as unknown as PageGlobals).location.href = 'https://example.com.attacker.test/'),
    );
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
  });

  it('answers app:// traversal with 404 (R55)', async () => {
    // '/../' and '%2e%2e' are collapsed by the URL parser before the handler sees them; these
    // spellings are not, so they reach the handler itself: encoded separators (slash, backslash),
    // double encoding, overlong UTF-8. The parser-collapsed ones stay as a check of the result.
    const paths = [
      '/..%2f..%2fpackage.json',
      '/..%2F..%2Fpackage.json',
      '/..%5c..%5cpackage.json',
      '/assets/..%2f..%2f..%2fpackage.json',
      '/%252e%252e%252f%252e%252e%252fpackage.json',
      '/..%252f..%252fpackage.json',
      '/%c0%ae%c0%ae/%c0%ae%c0%ae/package.json',
      '/../../package.json',
      '/%2e%2e/%2e%2e/package.json',
    ];
    const statuses = await page.evaluate(
      async (list) => Promise.all(list.map(async (path) => (await fetch(path)).status)),
      paths,
    );
    expect(statuses).toEqual(paths.map(() => 404));
    expect(await page.evaluate(async () => (await fetch('/index.html')).status)).toBe(200);
  });

  it('signs in with the dev demo account over the bridge; no token reaches the page', async () => {
    const messages = await page.evaluate(async () => {
      const bridge = (globalThis as unknown as PageGlobals).latchkey;
      const seen: unknown[] = [];
      const stop = bridge.onMessage((message) => seen.push(message));
      const call = (id: number, path: string, input: unknown) =>
        new Promise<void>((resolve) => {
          const off = bridge.onMessage((message) => {
            if ('id' in message && message.id === id) {
              off();
              resolve();
            }
          });
          bridge.sendMessage({ id, method: 'mutation', params: { path, input } });
        });
      await call(9001, 'auth.requestEmailCode', { email: 'demo@latchkey.dev' });
      await call(9002, 'auth.verifyEmailCode', { email: 'demo@latchkey.dev', code: '123456' });
      stop();
      return JSON.stringify(seen);
    });
    expect(messages).toContain('demo@latchkey.dev');
    expect(messages).not.toMatch(/"(refreshToken|accessToken|idToken)"|eyJ[\w-]+\.[\w-]+\./);
  });

  it('lets a second instance only hand over to the first (R65)', async () => {
    const windows = () => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
    expect(await windows()).toBe(1);
    const second = spawnSync(electronBinary()!, [root, '--dev'], { env, timeout: 20_000, encoding: 'utf8' });
    expect(second.status).toBe(0);
    // It never opened the database (main logs when it does), nor a window of its own.
    expect(second.stderr).not.toContain('auth server open');
    expect(await windows()).toBe(1);
    // The first still holds its one connection to the database, and answers over it.
    if (process.platform === 'linux') expect(openHandles(app.process().pid!, database)).toBe(1);
    const state = await page.evaluate(
      () =>
        new Promise<unknown>((resolve) => {
          const bridge = (globalThis as unknown as PageGlobals).latchkey;
          const off = bridge.onMessage((message) => {
            if ('id' in message && message.id === 9101) {
              off();
              resolve(message);
            }
          });
          bridge.sendMessage({ id: 9101, method: 'query', params: { path: 'app.state' } });
        }),
    );
    expect(state).toMatchObject({ result: { type: 'data' } });
  });
});
