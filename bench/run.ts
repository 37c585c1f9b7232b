// `npm run bench`: Latchkey's benchmark suite. Measurements, never assertions: targets from the
// issues are printed as PASS/MISS lines and recorded, and the exit code says only whether the
// harness itself worked.
//
//   node bench/run.ts [--phase all|in-process|side-by-side] [--quick] [--scale 1] [--reps 3]
//                     [--only latchkey|better-auth] [--budget-s 285] [--out DIR] [--record|--no-record]
//
// Phase 1 (issue 2) runs the auth server in this process. Every loop is bounded by a count and
// by time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { inProcessCounts, runInProcess } from './in-process.ts';
import { cpuUse, machineFacts, packageVersions, sampleCpu } from './lib/machine.ts';
import { round } from './lib/stats.ts';
import { targetLine, type Target } from './lib/targets.ts';
import { inProcessText } from './report/in-process-tables.ts';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH_DIR);

const { values: args } = parseArgs({
  options: {
    phase: { type: 'string', default: 'all' },
    quick: { type: 'boolean', default: false },
    scale: { type: 'string' },
    reps: { type: 'string' },
    only: { type: 'string' },
    'budget-s': { type: 'string', default: '285' },
    out: { type: 'string' },
    record: { type: 'boolean' },
    'no-record': { type: 'boolean', default: false },
  },
});

const phases = args.phase === 'all' ? ['in-process', 'side-by-side'] : [args.phase];
if (!phases.every((p) => p === 'in-process' || p === 'side-by-side')) {
  console.error(`unknown --phase ${args.phase} (all, in-process, side-by-side)`);
  process.exit(2);
}
const scale = Number(args.scale ?? (args.quick ? 0.25 : 1));
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const out = args.out ?? join(BENCH_DIR, 'runs', stamp);
mkdirSync(out, { recursive: true });
const log = (line: string): void => console.error(line);

const cpuStart = sampleCpu();
const started = new Date().toISOString();
const machine = machineFacts();
const versions = packageVersions(ROOT, ['better-sqlite3', 'jose', '@trpc/server', 'zod', '@noble/hashes', 'undici']);
log(`[bench] ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, load ${cpuStart.load.join(' ')}`);
log(`[bench] output: ${relative(ROOT, out)}`);

const targets: Target[] = [];
const result: Record<string, unknown> = { started, machine, versions, scale };

if (phases.includes('in-process')) {
  log('[bench] phase 1: in process (createAuthServer().caller)');
  const t0 = performance.now();
  const inProcess = await runInProcess(out, inProcessCounts(scale), log);
  result['inProcess'] = inProcess;
  targets.push(...inProcess.targets);
  console.log('\n## In process (issue 2)\n');
  console.log(inProcessText(inProcess));
  log(`[bench] phase 1 took ${round((performance.now() - t0) / 1000)} s`);
}

const cpu = cpuUse(cpuStart, sampleCpu());
result['cpu'] = cpu;
result['targets'] = targets;
result['totalS'] = round((performance.now() - cpuStart.at) / 1000);
writeFileSync(join(out, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);

console.log('\n## Targets\n');
for (const target of targets) console.log(targetLine(target));
console.log(
  `\nMachine busy ${cpu.busyPct}% of ${machine.cores} cores during the run (steal ${cpu.stealPct}%), ` +
    `load ${cpu.loadAvgStart.join(' ')} → ${cpu.loadAvgEnd.join(' ')}; total ${result['totalS']} s.`,
);
log(`[bench] wrote ${relative(ROOT, join(out, 'result.json'))}`);
