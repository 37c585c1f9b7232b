// An SVG bar chart of the side-by-side ratios (Latchkey ÷ better-auth, median of per-repetition
// ratios, whiskers min–max) on a log scale, with the 1× line marked.
import { cell } from '../lib/stats.ts';
import { LABELS, SCENARIOS } from '../side-by-side/scenarios.ts';
import { CONCURRENCIES, type Ratio, type Ratios } from '../side-by-side/summary.ts';

const LABEL_W = 300;
const PLOT_W = 420;
const ROW_H = 22;
const TOP = 46;
const MIN = 0.1;
const MAX = 100;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const xOf = (v: number) =>
  LABEL_W + (Math.log10(Math.min(MAX, Math.max(MIN, v)) / MIN) / Math.log10(MAX / MIN)) * PLOT_W;

export function ratioChart(ratios: Ratios, subtitle: string, emptyReason?: string): string {
  const bars: Array<{ label: string; r: Ratio; normalized: boolean }> = [];
  for (const scenario of SCENARIOS) {
    for (const c of CONCURRENCIES) {
      const ratio = ratios[`c${c}`]?.[scenario];
      if (!ratio) continue;
      bars.push({ label: `${LABELS[scenario]}, c${c}`, r: ratio.raw, normalized: false });
      if (ratio.hashNormalized)
        bars.push({ label: `${LABELS[scenario]}, c${c}, hash-normalized`, r: ratio.hashNormalized, normalized: true });
    }
  }
  const height = TOP + Math.max(1, bars.length) * ROW_H + 40;
  const width = LABEL_W + PLOT_W + 90;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="18" font-size="14" font-weight="bold">Latchkey ÷ better-auth, ops/s (median of per-repetition ratios, min–max)</text>`,
    `<text x="10" y="34" fill="#555">${esc(subtitle)}</text>`,
  ];
  if (bars.length === 0) {
    parts.push(`<text x="10" y="${TOP + 14}" fill="#a00">${esc(emptyReason ?? 'no ratios in this run')}</text>`);
  }
  const axisY = TOP + bars.length * ROW_H + 6;
  for (const tick of [0.1, 1, 10, 100]) {
    const x = xOf(tick);
    parts.push(
      `<line x1="${x}" y1="${TOP - 4}" x2="${x}" y2="${axisY}" stroke="${tick === 1 ? '#000' : '#ddd'}" stroke-width="${tick === 1 ? 1.5 : 1}"/>`,
      `<text x="${x}" y="${axisY + 14}" text-anchor="middle" fill="#555">${tick}×</text>`,
    );
  }
  bars.forEach(({ label, r, normalized }, i) => {
    const y = TOP + i * ROW_H;
    const x0 = xOf(1);
    const x1 = xOf(r.median);
    const color = r.median >= 1 ? (normalized ? '#7fb3e0' : '#2b7bbf') : normalized ? '#f0a88c' : '#d9534f';
    parts.push(
      `<text x="${LABEL_W - 8}" y="${y + 15}" text-anchor="end">${esc(label)}</text>`,
      `<rect x="${Math.min(x0, x1)}" y="${y + 4}" width="${Math.max(1, Math.abs(x1 - x0))}" height="${ROW_H - 8}" fill="${color}"/>`,
      `<line x1="${xOf(r.min)}" y1="${y + ROW_H / 2}" x2="${xOf(r.max)}" y2="${y + ROW_H / 2}" stroke="#333"/>`,
      `<text x="${Math.max(x0, x1, xOf(r.max)) + 6}" y="${y + 15}">${cell(r.median)}×</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
