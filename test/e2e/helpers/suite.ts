// The frame of an end-to-end file: one Chromium and one `latchkey serve --dev` for the file, fresh
// browser profiles per test (each a separate device to the server), closed after the test, and
// no CSP violation or page error allowed in any page the test opened.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchBrowser, openPage } from './browser.ts';
import { startDevServer, type DevServer } from './serve.ts';

export interface ScreensSuite {
  readonly browser: Browser;
  readonly server: DevServer;
  /** A new browser profile on the served screens. */
  open(options?: Parameters<typeof openPage>[2]): Promise<Page>;
  /** A new browser profile on a page elsewhere (`origin` + options.path). */
  openAt(origin: string, options?: Parameters<typeof openPage>[2]): Promise<Page>;
  /** Another tab of the same profile: same device id (localStorage), its own sessionStorage. */
  openTab(page: Page, path?: string): Promise<Page>;
  /** A fresh address for this file's server. */
  newEmail(name: string): string;
}

/** `serverConfig` is merged into the server's config; a function is read when the server starts. */
export function useScreensSuite(
  serverConfig: Record<string, unknown> | (() => Record<string, unknown>) = {},
): ScreensSuite {
  let browser: Browser | undefined;
  let server: DevServer | undefined;
  const contexts: BrowserContext[] = [];
  let violations: string[][] = [];
  let n = 0;

  beforeAll(async () => {
    const config = typeof serverConfig === 'function' ? serverConfig() : serverConfig;
    [browser, server] = await Promise.all([launchBrowser(), startDevServer(config)]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    const found = violations.flat();
    violations = [];
    expect(found, 'CSP violations or page errors').toEqual([]);
  });

  const suite: ScreensSuite = {
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
    get server() {
      if (!server) throw new Error('the server starts in beforeAll');
      return server;
    },
    open: (options = {}) => suite.openAt(suite.server.url, options),
    async openAt(origin, options = {}) {
      const opened = await openPage(suite.browser, origin, options);
      contexts.push(opened.context);
      violations.push(opened.cspViolations);
      return opened.page;
    },
    async openTab(page, path = '/') {
      const tab = await page.context().newPage();
      const found: string[] = [];
      tab.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) found.push(message.text());
      });
      tab.on('pageerror', (error) => found.push(`page error: ${error.message}`));
      violations.push(found);
      await tab.goto(`${suite.server.url}${path}`);
      return tab;
    },
    newEmail: (name) => `${name}.${++n}@example.com`,
  };
  return suite;
}
