// Phase 1 result as tables: one for the console, one for docs/benchmarks.md.
import type { InProcessResult } from '../in-process.ts';
import { cell } from '../lib/stats.ts';
import { markdownTable, textTable, type Row } from '../lib/table.ts';

const HEADER: Row = ['scenario', 'conc', 'ops', 'ops/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors'];

function rows(result: InProcessResult): Row[] {
  return result.measures.map(({ scenario, concurrency, result: r }) => [
    scenario,
    String(concurrency),
    String(r.ops),
    cell(r.opsPerS),
    cell(r.p50Ms),
    cell(r.p95Ms),
    cell(r.p99Ms),
    String(r.errors),
  ]);
}

function facts(result: InProcessResult): Array<[string, string]> {
  const { hash, eventLoop, readWhileHashing: hot, settings } = result;
  const { memoryKiB, passes, parallelism, backend } = settings.argon2id;
  return [
    [
      'argon2id hash, one alone',
      `${cell(hash.singleMs)} ms (m=${memoryKiB} KiB, t=${passes}, p=${parallelism}, ${backend} backend)`,
    ],
    [
      'argon2id hashes/s, 16 in flight',
      `${cell(hash.with16InFlight.opsPerS)} (${settings.maxConcurrentHashes} at a time in the hasher)`,
    ],
    [
      'event-loop delay, 16 sign-ins in flight',
      `p50 ${cell(eventLoop.p50Ms)} / p99 ${cell(eventLoop.p99Ms)} / max ${cell(eventLoop.maxMs)} ms (1 ms tick included; idle p99 ${cell(eventLoop.idleP99Ms)} ms)`,
    ],
    [
      'account.me while 16 sign-ins hash',
      `p50 ${cell(hot.read.p50Ms)} / p99 ${cell(hot.read.p99Ms)} ms over ${hot.read.ops} reads; sign-ins ${cell(hot.signIns.opsPerS)}/s`,
    ],
    ['database', `temp file, journal_mode=${settings.journalMode}, synchronous=${settings.synchronous}`],
  ];
}

export function inProcessText(result: InProcessResult): string {
  return [textTable(HEADER, rows(result)), '', ...facts(result).map(([k, v]) => `${k}: ${v}`)].join('\n');
}

export function inProcessMarkdown(result: InProcessResult): string {
  return [markdownTable(HEADER, rows(result)), '', markdownTable(['measure', 'value'], facts(result))].join('\n');
}
