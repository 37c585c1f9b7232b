// The bench's own report writers (bench/report/): the ratio chart's SVG and the recorded block in
// docs/benchmarks.md. They import nothing from bench's own packages, so this runs without them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ratioChart } from '../../bench/report/chart.ts';
import { BEGIN, END, writeLatestBlock } from '../../bench/report/results-md.ts';
import { tempDir } from '../helpers/server.ts';

const ratio = (median: number, min = median, max = median) => ({ median, min, max, reps: 3 });
/** The bars' rectangles: x, width and fill, in drawing order. */
const bars = (svg: string) =>
  [...svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="\d+" fill="(#[0-9a-f]+)"\/>/g)].map(
    ([, x, width, fill]) => ({ x: Number(x), width: Number(width), fill }),
  );

describe('ratio chart', () => {
  it('draws one bar per ratio from the 1× line on a log scale, hash-normalized ones beside the raw', () => {
    const svg = ratioChart(
      {
        c1: { read: { raw: ratio(10, 8, 12) } },
        c16: { signin: { raw: ratio(2), hashNormalized: ratio(0.5) } },
      },
      'a <subtitle> & more',
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('a &lt;subtitle&gt; &amp; more');
    // 0.1× to 100× over 420 px from x=300: 1× sits a third of the way, 10× two thirds.
    expect(svg).toContain('<line x1="440" y1="42" x2="440"');
    // Scenarios in their order, each concurrency, the hash-normalized bar under its raw one.
    expect(bars(svg)).toEqual([
      { x: 440, width: expect.closeTo(42.14, 2) as number, fill: '#2b7bbf' },
      { x: expect.closeTo(397.86, 2) as number, width: expect.closeTo(42.14, 2) as number, fill: '#f0a88c' },
      { x: 440, width: 140, fill: '#2b7bbf' },
    ]);
    const labels = [...svg.matchAll(/text-anchor="end">([^<]+)</g)].map(([, label]) => label);
    expect(labels).toEqual([
      'password sign-in, c16',
      'password sign-in, c16, hash-normalized',
      'authenticated read, c1',
    ]);
    // The whisker spans min–max; values are written beside the bar.
    expect(svg).toContain(`x1="${300 + (Math.log10(80) / 3) * 420}"`);
    expect(svg).toContain('>10×</text>');
    expect(svg).toContain('>0.5×</text>');
  });

  it('clamps ratios outside 0.1×–100× to the plot and says why a run drew no bars', () => {
    expect(bars(ratioChart({ c1: { read: { raw: ratio(1000) } } }, 's'))).toEqual([
      { x: 440, width: 280, fill: '#2b7bbf' },
    ]);
    const empty = ratioChart({}, 's', 'Latchkey HTTP side not run: <missing>');
    expect(bars(empty)).toEqual([]);
    expect(empty).toContain('Latchkey HTTP side not run: &lt;missing&gt;');
  });
});

describe('recorded block', () => {
  it('replaces only what lies between the markers, and appends them to a page without', () => {
    const dir = tempDir();
    const page = join(dir, 'benchmarks.md');
    writeFileSync(page, `# Benchmarks\n\nbefore\n\n${BEGIN}\n\nold run\n\n${END}\n\nafter\n`);
    writeLatestBlock(page, '## Latest\n\nnew run\n');
    expect(readFileSync(page, 'utf8')).toBe(
      `# Benchmarks\n\nbefore\n\n${BEGIN}\n\n## Latest\n\nnew run\n\n${END}\n\nafter\n`,
    );

    const bare = join(dir, 'bare.md');
    writeFileSync(bare, '# Page\n');
    writeLatestBlock(bare, 'run');
    expect(readFileSync(bare, 'utf8')).toBe(`# Page\n\n${BEGIN}\n\nrun\n\n${END}\n`);
  });
});
