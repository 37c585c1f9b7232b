// Percentiles, medians and rounding for benchmark reports.

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** About three significant digits: enough for noisy measurements, short in tables. */
export function round(x: number): number {
  if (!Number.isFinite(x)) return Number.NaN;
  const abs = Math.abs(x);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return Number(x.toFixed(digits));
}

/** A number for a table cell: rounded, thousands without separators, '–' when missing. */
export function cell(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : String(round(x));
}
