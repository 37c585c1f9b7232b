// How many terminal columns a string takes, so tables line up with Chinese, Japanese and Korean
// names: East Asian wide and fullwidth characters take two columns, combining marks and zero-width
// characters none. A short table of the common ranges (Unicode's EastAsianWidth W and F), not all
// of it: a rare symbol off by one column misaligns a row, nothing worse.

const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], // Hangul Jamo initials
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, CJK compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x1f300, 0x1f64f], // pictographs and emoticons
  [0x1f900, 0x1f9ff], // supplemental symbols and pictographs
  [0x20000, 0x3fffd], // CJK extensions B and later
];

const ZERO: ReadonlyArray<readonly [number, number]> = [
  [0x0300, 0x036f], // combining diacritical marks
  [0x200b, 0x200f], // zero-width space, joiners, direction marks
  [0xfe00, 0xfe0f], // variation selectors
];

const within = (ranges: ReadonlyArray<readonly [number, number]>, point: number) =>
  ranges.some(([from, to]) => point >= from && point <= to);

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const point = char.codePointAt(0)!;
    if (within(ZERO, point)) continue;
    width += within(WIDE, point) ? 2 : 1;
  }
  return width;
}

/** `text` followed by spaces up to `width` columns. */
export const padToWidth = (text: string, width: number): string =>
  text + ' '.repeat(Math.max(0, width - displayWidth(text)));
