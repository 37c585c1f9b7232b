// scripts/make-icons.ts writes PNGs with its own small encoder: Chromium, a real decoder, must read
// back every pixel it was given, and every icon size at its size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium.ts';
import { encodePng, iconPixel } from '../../scripts/make-icons.ts';

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
});

/** Chromium's reading of a PNG: its size and its RGBA bytes, row by row. */
function decode(png: Buffer): Promise<{ width: number; height: number; rgba: number[] }> {
  // A string, run in the page: this suite is typed for Node, without the DOM.
  return page.evaluate(`(async () => {
    const image = new Image();
    image.src = 'data:image/png;base64,${png.toString('base64')}';
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height, { colorSpace: 'srgb' });
    return { width: image.naturalWidth, height: image.naturalHeight, rgba: [...data] };
  })()`);
}

describe('make-icons PNG encoder', () => {
  it('encodes every pixel as given (opaque RGBA), row by row', async () => {
    const pixel = (x: number, y: number): [number, number, number, number] => [x * 80, y * 60, 255 - x * 40, 255];
    const decoded = await decode(encodePng(4, pixel));
    expect(decoded.width).toBe(4);
    expect(decoded.height).toBe(4);
    const expected = [];
    for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) expected.push(...pixel(x, y));
    expect(decoded.rgba).toEqual(expected);
  });

  it('draws the icon opaque in its middle and transparent in its corner at 16 px', async () => {
    const decoded = await decode(encodePng(16, iconPixel(16)));
    expect([decoded.width, decoded.height]).toEqual([16, 16]);
    const alphaAt = (x: number, y: number) => decoded.rgba[(y * 16 + x) * 4 + 3];
    expect(alphaAt(0, 0)).toBe(0);
    expect(alphaAt(8, 3)).toBe(255);
  });
});
