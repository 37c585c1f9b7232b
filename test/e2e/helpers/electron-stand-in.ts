// The Electron renderer without Electron: the real preload (bundled with a stand-in for the
// electron module) runs before the page in Debian's Chromium; its IPC messages reach the real
// main-side handler in Node through exposeBinding, with an Electron-shaped event built from the
// sending frame; main's replies are delivered back in order. The screens are served through the
// real app:// protocol handler (CSP included) at an http origin Chromium can load.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Frame, Page } from 'playwright-core';
import { appInfoArgument, BRIDGE_CHANNEL, type AppInfo } from '../../../shared/bridge.ts';
import { withoutHeldTokens } from '../../../main/ipc/held-tokens.ts';
import { appProtocolHandler } from '../../../main/shell/app-protocol.ts';
import type { IpcHandler } from '../../../main/ipc/ipc-handler.ts';

export const STAND_IN_ORIGIN = 'http://app.latchkey.test';
const root = fileURLToPath(new URL('../../..', import.meta.url));

export { launchChromium } from '../../../scripts/chromium.ts';

/** preload/index.ts bundled as a classic script, `electron` replaced by the stand-in. */
export async function bundlePreload(appInfo: AppInfo): Promise<string> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['preload/index.ts'],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    alias: { electron: './test/e2e/fixtures/electron-stand-in.ts' },
    banner: { js: `var process = { contextIsolated: true, argv: ${JSON.stringify([appInfoArgument(appInfo)])} };` },
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

export interface StandInPage {
  page: Page;
  /** Every message main delivered to this page, in order. */
  delivered: unknown[];
  /** Main pushing a message to the window unasked (webContents.send): live account events. */
  push(message: unknown): void;
  cspViolations: string[];
}

/** Opens the app's entry page with the preload stand-in wired to `ipc` as webContents `webContentsId`. */
export async function openAppPage(
  browser: Browser,
  ipc: IpcHandler,
  options: { rendererDir: string; appInfo: AppInfo; webContentsId?: number; path?: string },
): Promise<StandInPage> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
  const page = await context.newPage();
  const delivered: unknown[] = [];
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => cspViolations.push(`page error: ${error.message}`));

  const serve = appProtocolHandler(options.rendererDir);
  await context.route(`${STAND_IN_ORIGIN}/**`, async (route) => {
    const url = route.request().url().replace(STAND_IN_ORIGIN, 'app://latchkey');
    const response = await serve(new Request(url, { method: route.request().method() }));
    await route.fulfill({
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: Buffer.from(await response.arrayBuffer()),
    });
  });
  // Anything else the page might try to reach does not exist here.
  await context.route(/^(?!http:\/\/app\.latchkey\.test\/)/, (route) => route.abort());

  let queue = Promise.resolve();
  const webContentsId = options.webContentsId ?? 1;
  /** Delivers to the page in order, as webContents.send would. */
  const deliver = (frame: Frame, channel: string, message: unknown) => {
    delivered.push(message);
    queue = queue.then(() =>
      frame
        .evaluate(
          ([c, m]) =>
            (globalThis as unknown as { __latchkeyIpcDeliver(c: string, m: unknown): void }).__latchkeyIpcDeliver(c, m),
          [channel, message] as const,
        )
        .catch(() => {}),
    );
  };
  const eventFor = (frame: Frame) => ({
    sender: { id: webContentsId, isDestroyed: () => page.isClosed() },
    senderFrame: { url: frame.url(), parent: frame.parentFrame() },
    reply: (channel: string, message: unknown) => deliver(frame, channel, message),
  });
  await context.exposeBinding('__latchkeyIpcSend', async ({ frame }, _channel: string, message: unknown) => {
    await ipc.handleMessage(eventFor(frame), message);
  });
  await context.addInitScript({ content: await bundlePreload(options.appInfo) });
  await page.goto(`${STAND_IN_ORIGIN}${options.path ?? '/index.html'}`);
  return {
    page,
    delivered,
    cspViolations,
    push: (message) => deliver(page.mainFrame(), BRIDGE_CHANNEL, withoutHeldTokens(message)),
  };
}
