// One Debian Chromium for the whole e2e run (the machine is small), driven by playwright-core.
// `capture` is the check every screen gets: a screenshot at the phone, desktop and 4K sizes, no
// horizontal scroll at any, 44 px touch targets on the phone, and an axe-core scan with no
// serious or critical violations.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';

export const PHONE = { width: 360, height: 780 };
export const DESKTOP = { width: 1280, height: 800 };
export const UHD = { width: 3840, height: 2160 };
const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/screens/', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// Snippets run in the page (strings: this file is type-checked for Node, without the DOM).
const NEXT_FRAME = 'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))';
const OVERFLOW = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';
const AXE_SERIOUS = `axe.run(document, { resultTypes: ['violations'] }).then((results) =>
  results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + JSON.stringify(v.nodes.map((n) => n.target))))`;
const FOCUSED = `(() => {
  let element = document.activeElement;
  while (element && element.shadowRoot && element.shadowRoot.activeElement) element = element.shadowRoot.activeElement;
  if (!element) return '';
  const label = element.getAttribute('aria-label');
  return element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + (label ? '[' + label + ']' : '');
})()`;
// Visible controls under 44 px tall, looking into every shadow root (a checkbox counts by its label).
const SMALL_TARGETS = `(() => {
  const found = [];
  const visit = (root) => {
    for (const el of root.querySelectorAll('button, a[href], input, select, summary, label.checkbox')) {
      if (el.matches('input[type=checkbox], input[type=radio], .visually-hidden')) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width > 0 && rect.height > 0 && rect.height < 44) {
        found.push(el.tagName.toLowerCase() + ' ' + (el.textContent || el.id || '').trim().slice(0, 30) + ' ' + Math.round(rect.height) + 'px');
      }
    }
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
  };
  visit(document);
  return found;
})()`;

export { launchChromium as launchBrowser } from '../../../scripts/chromium.ts';

/** A fresh browser profile (its own device id, storage and locale) with CSP violations recorded. */
export async function openPage(
  browser: Browser,
  url: string,
  options: BrowserContextOptions & { path?: string; beforeGoto?: (page: Page) => Promise<void> } = {},
): Promise<{ context: BrowserContext; page: Page; cspViolations: string[] }> {
  const { path = '/', beforeGoto, ...contextOptions } = options;
  const context = await browser.newContext({ viewport: PHONE, locale: 'en-US', ...contextOptions });
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => cspViolations.push(`page error: ${error.message}`));
  await beforeGoto?.(page);
  await page.goto(`${url}${path}`);
  return { context, page, cspViolations };
}

/**
 * Screenshots at the phone (360×780) and desktop (1280×800) sizes, and with `uhd` at 4K
 * (3840×2160: a few seconds a shot, so for the main screens only), as
 * test-artifacts/screens/<name>-<size>.png; no horizontal scroll at any of the three; every control
 * at least 44 px tall on the phone; and an accessibility scan of what is shown.
 */
export async function capture(page: Page, name: string, { uhd = false } = {}): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const original = page.viewportSize() ?? PHONE;
  for (const [label, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
    ['4k', UHD],
  ] as const) {
    await page.setViewportSize(size);
    await page.evaluate(NEXT_FRAME);
    expect(await horizontalOverflow(page), `${name} scrolls sideways at ${label} size`).toBe(0);
    if (label === 'phone') expect(await smallTouchTargets(page), `${name}: small touch targets`).toEqual([]);
    if (label !== '4k' || uhd) await page.screenshot({ path: join(ARTIFACTS, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
  await expectAccessible(page, name);
}

/** Visible controls under 44 px tall, in every shadow root. */
export function smallTouchTargets(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(SMALL_TARGETS);
}

export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>(OVERFLOW);
}

export async function expectAccessible(page: Page, name: string): Promise<void> {
  // Evaluated through DevTools rather than a <script> tag: the page's CSP forbids inline scripts.
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.evaluate(AXE_SOURCE);
  expect(await page.evaluate<string[]>(AXE_SERIOUS), `accessibility of ${name}`).toEqual([]);
}

/** The focused element, looking through shadow roots: "tag#id" or "tag[aria-label]". */
export function focused(page: Page): Promise<string> {
  return page.evaluate<string>(FOCUSED);
}
