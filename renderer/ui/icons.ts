// Small icons: the brand, device platforms and signing out (decorative: the words are there too).
import { html, svg, type SVGTemplateResult } from 'lit';
import type { Platform } from '../../shared/schemas.ts';

const frame = (body: SVGTemplateResult) =>
  svg`<svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.8"
    stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${body}</svg>`;

const phone = svg`<rect x="7" y="2.5" width="10" height="19" rx="2.5"/><path d="M11 18.5h2"/>`;
const laptop = svg`<rect x="4" y="5" width="16" height="11" rx="1.5"/><path d="M2 19h20"/>`;
const desktop = svg`<rect x="3" y="4" width="18" height="12" rx="1.5"/><path d="M9 20h6M12 16v4"/>`;
const globe = svg`<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3z"/>`;

export function platformIcon(platform: Platform | null): SVGTemplateResult {
  switch (platform) {
    case 'ios':
    case 'android':
      return frame(phone);
    case 'macos':
      return frame(laptop);
    case 'windows':
    case 'linux':
      return frame(desktop);
    default:
      return frame(globe);
  }
}

/** A door with an arrow leaving it. */
export const signOutIcon = frame(
  svg`<path d="M14 4h4a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-4"/><path d="M10 8l-4 4 4 4M6 12h10"/>`,
);

/**
 * The brand: a key on a rounded square, drawn inline so the header needs no file from whatever page
 * hosts it. The same drawing as renderer/public/favicon.svg (test/e2e/embed.test.ts compares them).
 */
export const brandMark = html`<svg viewBox="0 0 32 32" aria-hidden="true" focusable="false">
  <rect width="32" height="32" rx="8" fill="#2f5bd3" />
  <circle cx="12" cy="16" r="5.5" fill="none" stroke="#fff" stroke-width="3" />
  <path d="M17 16h10m-3 0v4m-4-4v3" stroke="#fff" stroke-width="3" stroke-linecap="round" />
</svg>`;
