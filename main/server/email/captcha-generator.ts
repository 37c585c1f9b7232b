// How a captcha picture is made. A CaptchaGenerator draws an answer and the SVG that shows it; the
// server stores only the answer's keyed hash and compares answers trimmed and case-insensitively.
// The default draws five characters with node:crypto and renders them with svg-captcha, offline; a
// host app may plug in its own (createAuthServer's `captcha` option).
import { randomInt } from 'node:crypto';
import { lazyRequire } from '../lazy-require.ts';

/** One picture: the text to type and an SVG document showing it. */
export interface CaptchaImage {
  answer: string;
  svg: string;
}

/** Makes captcha pictures. `generate` runs for every challenge issued, so it must be fast and offline. */
export interface CaptchaGenerator {
  generate(): CaptchaImage;
}

// No look-alikes (0/O, 1/I/L); answers are case-insensitive.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 5;

/** svg-captcha's module is itself the renderer of a given text; its typings omit that signature. */
const renderSvg =
  lazyRequire<(text: string, options: { width: number; height: number; noise: number; color: boolean }) => string>(
    'svg-captcha',
  );

/** The default generator: five characters drawn with node:crypto, rendered by svg-captcha. */
export function svgCaptchaGenerator(): CaptchaGenerator {
  return {
    generate() {
      const answer = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
      return { answer, svg: renderSvg()(answer, { width: 150, height: 50, noise: 3, color: false }) };
    },
  };
}
