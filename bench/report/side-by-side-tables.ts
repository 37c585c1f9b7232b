// Side-by-side results as tables, for the console (text) and docs/benchmarks.md (Markdown).
import type { Floors } from '../floors.ts';
import { cell } from '../lib/stats.ts';
import { markdownTable, textTable, type Row } from '../lib/table.ts';
import { LABELS, PASSWORD_SCENARIOS, SCENARIOS } from '../side-by-side/scenarios.ts';
import { CONCURRENCIES, OURS, type Ratio, type Ratios, type Summaries } from '../side-by-side/summary.ts';

type Table = { title: string; header: Row; rows: Row[] };

const range = (r: Ratio | undefined): string => (r ? `${cell(r.median)}× (${cell(r.min)}–${cell(r.max)})` : '–');

export function sideBySideTables(summaries: Summaries, ratios: Ratios): Table[] {
  const tables: Table[] = [];
  const sides = Object.keys(summaries);
  for (const scenario of SCENARIOS) {
    const password = PASSWORD_SCENARIOS.includes(scenario);
    const header: Row = [
      'side',
      'conc',
      'ops/s (min–max)',
      'p50 / p95 / p99 ms',
      'server CPU ms/op',
      'Latchkey ÷ better-auth',
      ...(password ? ['÷, hash-normalized'] : []),
      '× floor',
      'errors',
    ];
    const rows: Row[] = [];
    for (const concurrency of CONCURRENCIES) {
      for (const side of sides) {
        const s = summaries[side]?.[`c${concurrency}`]?.scenarios[scenario];
        if (!s) continue;
        const ratio = side === OURS ? ratios[`c${concurrency}`]?.[scenario] : undefined;
        rows.push([
          side,
          String(concurrency),
          `${cell(s.opsPerS)} (${cell(s.opsMin)}–${cell(s.opsMax)})${s.capped ? ' capped' : ''}`,
          `${cell(s.p50Ms)} / ${cell(s.p95Ms)} / ${cell(s.p99Ms)}`,
          cell(s.serverCpuMsPerOp),
          side === OURS ? range(ratio?.raw) : '',
          ...(password ? [side === OURS ? range(ratio?.hashNormalized) : ''] : []),
          cell(s.floorMultiple),
          String(s.errors),
        ]);
      }
    }
    if (rows.length) tables.push({ title: LABELS[scenario], header, rows });
  }
  const footprint: Row[] = sides.map((side) => {
    const c1 = summaries[side]?.c1;
    const c16 = summaries[side]?.c16;
    return [
      side,
      `${cell(c1?.coldStartMs)} / ${cell(c16?.coldStartMs)}`,
      `${cell(c1?.peakRssMiB)} / ${cell(c16?.peakRssMiB)}`,
      c1?.mixed ? `${cell(c1.mixed.readP50Ms)} / ${cell(c1.mixed.readP99Ms)} (${c1.mixed.reads} reads)` : '–',
      cell(c1?.mixed?.backgroundOpsPerS),
    ];
  });
  tables.push({
    title: 'cold start, memory, hot path under password load',
    header: [
      'side',
      'cold start ms c1 / c16',
      'peak RSS MiB c1 / c16',
      'read p50 / p99 ms with 4 sign-up+sign-in clients',
      'background ops/s',
    ],
    rows: footprint,
  });
  return tables;
}

export function floorRows(f: Floors): Row[] {
  const cpu = (r: Floors['argon2id']['c1']) => (r.serverCpuMsPerOp === undefined ? '–' : cell(r.serverCpuMsPerOp));
  const hash = (name: string, h: Floors['argon2id']) => [
    `${name} (${Object.entries(h.params)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')})`,
    `${cell(h.c1.p50Ms)} ms alone; ${cell(h.c16.opsPerS)}/s with 16 in flight; CPU ${cpu(h.c1)} / ${cpu(h.c16)} ms per hash (best of ${f.passes.length} passes)`,
  ];
  return [
    hash('argon2id, ours', f.argon2id),
    hash('scrypt, better-auth’s', f.scrypt),
    [
      'argon2id CPU per hash, the least seen (what sign-ins are compared with)',
      `${cell(f.argon2idCpuMsPerHash ?? Number.NaN)} ms`,
    ],
    [
      'argon2id over HTTP, c16: bare node:http that only hashes, same load generator',
      `${cell(f.argon2idOverHttp.opsPerS)}/s (best of ${f.passes.length} passes)`,
    ],
    ['jose EdDSA verify (1 core)', `${cell(f.joseEdDsaVerify.opsPerS)}/s, p50 ${cell(f.joseEdDsaVerify.p50Ms)} ms`],
    ...CONCURRENCIES.map((c) => {
      const h = f.http[`c${c}`];
      return [
        `node:http c${c}: hello / + one SQLite read (best of ${f.passes.length} passes)`,
        `${cell(h.hello.opsPerS)}/s p50 ${cell(h.hello.p50Ms)} ms / ${cell(h.sqliteRead.opsPerS)}/s p50 ${cell(h.sqliteRead.p50Ms)} ms`,
      ];
    }),
    ['cold start, bare node:http', `${cell(f.bareColdStartMs)} ms`],
    ['peak RSS, node:http + SQLite server', `${cell(f.bareHttpSqlitePeakRssMiB)} MiB`],
  ];
}

export function tablesText(tables: Table[]): string {
  return tables.map((t) => `### ${t.title}\n\n${textTable(t.header, t.rows)}`).join('\n\n');
}

export function tablesMarkdown(tables: Table[]): string {
  return tables.map((t) => `#### ${t.title}\n\n${markdownTable(t.header, t.rows)}`).join('\n\n');
}
