// `npm run bench`: Latchkey's benchmark suite (docs/benchmarks.md). Measurements, never assertions:
// the targets are printed as PASS/MISS/SKIP lines and recorded; the exit code says only
// whether the harness itself worked.
//
//   node bench/run.ts [--phase all|in-process|side-by-side] [--quick] [--scale 1] [--reps 3]
//                     [--only latchkey|better-auth] [--budget-s 400] [--out DIR] [--record|--no-record]
//                     [--no-install]
//
// Phase 1 runs the auth server in this process. Phase 2 starts Latchkey
// (`latchkey serve`) and better-auth (bench/peer) as separate processes on 127.0.0.1 and drives
// both with one load generator, interleaved per repetition. Every loop is bounded by a count and
// by time (--budget-s); installing bench/peer the first time is not counted in it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { betterAuthAdapter, PEER_DIR } from './adapters/better-auth.ts';
import { extraConfig, extraServeArgs, latchkeyAdapter, usesOwnCli } from './adapters/latchkey.ts';
import { buildCli } from '../scripts/build-cli.ts';
import type { SideAdapter } from './adapters/types.ts';
import { measureFloors, remeasureFloors, type Floors } from './floors.ts';
import { inProcessCounts, runInProcess, type InProcessResult } from './in-process.ts';
import { cpuUse, machineFacts, packageVersions, sampleCpu } from './lib/machine.ts';
import { installPeer, peerInstalled } from './lib/peer-install.ts';
import { round } from './lib/stats.ts';
import { markdownTable } from './lib/table.ts';
import { targetLine, type Target } from './lib/targets.ts';
import { ratioChart } from './report/chart.ts';
import { inProcessMarkdown, inProcessText } from './report/in-process-tables.ts';
import { writeLatestBlock } from './report/results-md.ts';
import { floorRows, sideBySideTables, tablesMarkdown, tablesText } from './report/side-by-side-tables.ts';
import { interleave, type InterleaveResult } from './side-by-side/interleave.ts';
import { ratios as ratiosOf, summarize, type Ratios, type Summaries } from './side-by-side/summary.ts';
import { sideBySideTargets } from './side-by-side/targets.ts';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
/** Kept free at the end of the budget for the second floor pass. */
const FINAL_FLOORS_MS = 20_000;
const ROOT = dirname(BENCH_DIR);

const { values: args } = parseArgs({
  options: {
    phase: { type: 'string', default: 'all' },
    quick: { type: 'boolean', default: false },
    scale: { type: 'string' },
    reps: { type: 'string' },
    only: { type: 'string' },
    'budget-s': { type: 'string', default: '400' },
    out: { type: 'string' },
    record: { type: 'boolean' },
    'no-record': { type: 'boolean', default: false },
    'no-install': { type: 'boolean', default: false },
  },
});

const phases = args.phase === 'all' ? ['in-process', 'side-by-side'] : [args.phase ?? ''];
if (!phases.every((p) => p === 'in-process' || p === 'side-by-side')) {
  console.error(`unknown --phase ${args.phase} (all, in-process, side-by-side)`);
  process.exit(2);
}
const scale = Number(args.scale ?? (args.quick ? 0.25 : 1));
const reps = Number(args.reps ?? (args.quick ? 1 : 3));
const budgetMs = Number(args['budget-s']) * 1000;
const record = args.record ?? (!args['no-record'] && phases.length === 2 && scale === 1 && reps >= 3 && !args.only);
const out = args.out ?? join(BENCH_DIR, 'runs', new Date().toISOString().replace(/[:.]/g, '-'));
mkdirSync(out, { recursive: true });
const log = (line: string): void => console.error(line);
const print = (text = ''): void => console.log(text);

// Which servers the side-by-side phase can run here; installing the peer is not timed.
const notes: string[] = [];
const sides: SideAdapter[] = [];
let installS: number | undefined;
if (phases.includes('side-by-side')) {
  // `latchkey serve` as `npm run serve` runs it: the bundled CLI, built now (untimed).
  if (usesOwnCli && args.only !== 'better-auth') await buildCli();
  for (const side of [latchkeyAdapter, betterAuthAdapter]) {
    if (args.only && side.name !== args.only) continue;
    if (side === betterAuthAdapter && !args['no-install'] && !peerInstalled(PEER_DIR)) {
      const t0 = performance.now();
      const failed = installPeer(PEER_DIR, log);
      installS = round((performance.now() - t0) / 1000);
      if (failed) {
        notes.push(`better-auth: ${failed}`);
        log(`[bench] ${failed}`);
      }
    }
    const why =
      side === betterAuthAdapter && !peerInstalled(PEER_DIR)
        ? (side.unavailable() ?? 'bench/peer does not load')
        : side.unavailable();
    if (why) {
      const line = `${side.name} HTTP scenarios skipped: ${why}`;
      notes.push(line);
      log(`[bench] ${line}`);
    } else sides.push(side);
  }
}

const cpuStart = sampleCpu();
const deadline = cpuStart.at + budgetMs;
const machine = machineFacts();
const gitHead = spawnSync('git', ['describe', '--always', '--dirty'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
const versions = {
  // The serve flags and settings matter as much as the versions (e.g. --memory: the default is lean).
  latchkey: {
    commit: gitHead,
    ...latchkeyAdapter.versions(),
    serveArgs: extraServeArgs().join(' ') || null,
    config: extraConfig(),
  },
  peer: betterAuthAdapter.versions(),
  loadGenerator: packageVersions(BENCH_DIR, ['undici']),
};
log(`[bench] ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, load ${cpuStart.load.join(' ')}`);
log(`[bench] output: ${relative(ROOT, out)}${record ? ' (recorded in docs/benchmarks.md)' : ''}`);

const targets: Target[] = [];
let inProcess: InProcessResult | undefined;
let floors: Floors | undefined;
let side: InterleaveResult | undefined;
let summaries: Summaries = {};
let ratios: Ratios = {};

if (phases.includes('in-process')) {
  log('[bench] phase 1: in process (createAuthServer().caller)');
  inProcess = await runInProcess(out, inProcessCounts(scale), log);
  targets.push(...inProcess.targets);
  print('## In process\n');
  print(inProcessText(inProcess));
}

const oursMissing = sides.includes(latchkeyAdapter) ? undefined : (latchkeyAdapter.unavailable() ?? 'not selected');
if (phases.includes('side-by-side')) {
  if (sides.length === 0) {
    log('[bench] phase 2 skipped: no server can run here');
  } else {
    log(`[bench] phase 2: side by side over HTTP on 127.0.0.1 (${sides.map((s) => s.name).join(', ')})`);
    floors = await measureFloors(out, scale, log);
    side = await interleave({ sides, reps, scale, dir: out, deadline: deadline - FINAL_FLOORS_MS, log });
    log('[bench] floors again (each keeps its better pass)');
    await remeasureFloors(floors, out, scale, log);
    summaries = summarize(side.runs, floors);
    ratios = ratiosOf(side.runs, floors);
    print('\n## Side by side over HTTP\n');
    for (const note of notes) print(`note: ${note}`);
    print(
      `\nFloors (same run):\n\n${floorRows(floors)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n')}\n`,
    );
    print(tablesText(sideBySideTables(summaries, ratios)));
    if (side.skipped) print(`\nnot run (time budget): ${side.skipped}`);
    for (const f of side.failures) print(`FAILED: rep ${f.rep} c${f.concurrency} ${f.side}: ${f.error}`);
  }
  targets.push(...sideBySideTargets(summaries, ratios, floors, machine.cores, oursMissing, side?.runs));
}

const cpu = cpuUse(cpuStart, sampleCpu());
const totalS = round((performance.now() - cpuStart.at) / 1000);
const chart = ratioChart(
  ratios,
  `${new Date().toISOString().slice(0, 10)}, ${machine.cores} cores, Node ${machine.node}, ${reps} repetitions`,
  oursMissing ? `Latchkey HTTP side not run: ${oursMissing}` : undefined,
);
const result = {
  started: new Date(Date.now() - totalS * 1000).toISOString(),
  command: `node bench/run.ts ${process.argv.slice(2).join(' ')}`.trim(),
  machine,
  cpu,
  versions,
  scale,
  reps,
  installPeerS: installS,
  notes,
  inProcess,
  floors,
  sideBySide: side ? { ...side, summaries, ratios } : undefined,
  targets,
  totalS,
};
writeFileSync(join(out, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(out, 'ratios.svg'), chart);

print('\n## Targets\n');
for (const target of targets) print(targetLine(target));
const noise =
  `machine busy ${cpu.busyPct}% of ${machine.cores} cores during the run (steal ${cpu.stealPct}%), ` +
  `load average ${cpu.loadAvgStart.join(' ')} → ${cpu.loadAvgEnd.join(' ')}`;
print(`\n${noise}; total ${totalS} s${installS ? ` (+ ${installS} s installing bench/peer)` : ''}.`);

if (record) {
  mkdirSync(join(BENCH_DIR, 'results'), { recursive: true });
  // latest.json stays local (gitignored); the chart is committed, shown in docs/benchmarks.md.
  copyFileSync(join(out, 'result.json'), join(BENCH_DIR, 'results', 'latest.json'));
  copyFileSync(join(out, 'ratios.svg'), join(BENCH_DIR, 'results', 'ratios.svg'));
  writeLatestBlock(join(ROOT, 'docs', 'benchmarks.md'), latestBlock());
  log('[bench] recorded: docs/benchmarks.md, bench/results/latest.json, bench/results/ratios.svg');
}
log(`[bench] wrote ${relative(ROOT, join(out, 'result.json'))} and ratios.svg`);

function latestBlock(): string {
  const v = (o: Record<string, string | null>) =>
    Object.entries(o)
      .map(([k, x]) => `${k} ${x ?? '–'}`)
      .join(', ');
  const lines = [
    `## Latest recorded run`,
    '',
    `${result.started} · \`${result.command}\` · ${totalS} s${installS ? ` (+ ${installS} s installing bench/peer)` : ''}`,
    '',
    markdownTable(
      ['what', 'value'],
      [
        ['machine', `${machine.cores} cores, ${machine.cpu}, ${machine.memGiB} GiB, ${machine.os}`],
        ['Node', `${machine.node}, UV_THREADPOOL_SIZE ${machine.uvThreadpoolSize}`],
        ['noise', noise],
        ['Latchkey', v(versions.latchkey)],
        ['peer', v(versions.peer)],
        ['load generator', `${v(versions.loadGenerator)} Pool, keep-alive, one connection per worker`],
      ],
    ),
  ];
  if (notes.length) lines.push('', ...notes.map((n) => `- ${n}`));
  if (inProcess) lines.push('', '### In process', '', inProcessMarkdown(inProcess));
  if (floors) lines.push('', '### Floors (same run)', '', markdownTable(['floor', 'value'], floorRows(floors)));
  if (side) {
    lines.push('', `### Side by side over HTTP, ${reps} interleaved repetitions`, '');
    lines.push(tablesMarkdown(sideBySideTables(summaries, ratios)));
    if (side.skipped) lines.push('', `Not run (time budget): ${side.skipped}.`);
    for (const f of side.failures) lines.push('', `FAILED: rep ${f.rep} c${f.concurrency} ${f.side}: ${f.error}`);
    lines.push('', '![ratios](../bench/results/ratios.svg)');
  }
  lines.push('', '### Targets', '', ...targets.map((t) => `- ${targetLine(t)}`));
  return lines.join('\n');
}
