// The side-by-side targets (docs/benchmarks.md), relative to the peer and absolute, judged on one run's summaries and ratios.
import type { Floors } from '../floors.ts';
import { median, round } from '../lib/stats.ts';
import { judge, type Target } from '../lib/targets.ts';
import type { LifetimeResult } from './lifetime.ts';
import { OURS, PEER, type Ratios, type Summaries } from './summary.ts';

export function sideBySideTargets(
  summaries: Summaries,
  ratios: Ratios,
  floors: Floors | undefined,
  cores: number,
  oursMissing: string | undefined,
  runs: readonly LifetimeResult[] = [],
): Target[] {
  const ours = summaries[OURS];
  const peer = summaries[PEER];
  const skip = oursMissing ?? (peer ? undefined : 'no peer results');
  const maybe = (ok: boolean | undefined): boolean | undefined => (skip ? undefined : ok);
  const x = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '–' : `${round(v)}×`);
  const readC16 = ratios.c16?.read?.raw.median;
  const codeC16 = ratios.c16?.email_code?.raw.median;
  const signinNorm = ratios.c16?.signin?.hashNormalized?.median;
  const signinCpu = (conc: 'c1' | 'c16') => {
    const signin = ours?.[conc]?.scenarios.signin?.serverCpuMsPerOp;
    const hash = floors?.argon2idCpuMsPerHash;
    return signin && hash ? signin / hash : undefined;
  };
  const signinC16 = ours?.c16?.scenarios.signin?.opsPerS;
  const clientC16 = ours?.c16?.scenarios.signin?.clientCpuMsPerOp;
  const hashC16 = floors?.argon2id.c16.opsPerS;
  const hashOverHttp = floors?.argon2idOverHttp.opsPerS;
  const pct = (a: number | undefined, b: number | undefined) => (a && b ? `${Math.round((100 * a) / b)}%` : '–');
  // Each c16 repetition's sign-ins ÷ floor hashes timed in alternated slices (paired-floor.ts): the
  // machine's speed drifts within seconds by more than the gap being judged.
  const paired = runs.flatMap((r) => (r.side === OURS && r.concurrency === 16 && r.pairedFloor ? [r.pairedFloor] : []));
  const pairedRatios = paired.map((p) => p.ratio);
  const slices = paired.flatMap((p) => p.pairs);
  const pairedMedian = pairedRatios.length > 0 ? median(pairedRatios) : undefined;
  const pairedCpu = paired.length > 0 ? median(paired.map((p) => p.cpuRatio)) : undefined;
  const range = (values: number[]) => `${pct(Math.min(...values), 1)}–${pct(Math.max(...values), 1)}`;
  const pairedText =
    pairedMedian === undefined
      ? 'no repetition timed paired slices'
      : `median ${(100 * pairedMedian).toFixed(1)}% of the floor timed in alternated slices beside them (repetitions ${range(pairedRatios)}, single pairs ${range(slices)}, ${pairedRatios.length} repetition${pairedRatios.length === 1 ? '' : 's'} of ${paired[0]!.pairs.length} pairs)`;
  const readC1 = ours?.c1?.scenarios.read?.p50Ms;
  const floorC1 = floors?.http.c1.sqliteRead.p50Ms;
  const scaling = (side: Summaries[string] | undefined): number | undefined => {
    const c1 = side?.c1?.scenarios.signup?.opsPerS;
    const c16 = side?.c16?.scenarios.signup?.opsPerS;
    return c1 && c16 ? c16 / c1 : undefined;
  };
  const ourScaling = scaling(ours);
  const mixedP99 = ours?.c1?.mixed?.readP99Ms;
  const cold = (s: Summaries[string] | undefined) => s?.c1?.coldStartMs;
  const rss = (s: Summaries[string] | undefined) => s?.c16?.peakRssMiB;
  const why = skip ? ` (skipped: ${oursMissing ? 'Latchkey HTTP side not run' : 'no better-auth results'})` : '';
  return [
    judge(
      'authenticated read at c16 vs better-auth',
      maybe(readC16 !== undefined && readC16 >= 10),
      `${x(readC16)}${why}`,
      '≥ 10×',
    ),
    judge(
      'authenticated read at c1, p50 vs node:http + SQLite floor',
      maybe(readC1 !== undefined && floorC1 !== undefined && readC1 <= 3 * floorC1),
      `${readC1 ?? '–'} ms vs floor ${floorC1 ?? '–'} ms${why}`,
      'within 3× of the floor',
    ),
    judge(
      'email-code flow at c16 vs better-auth email OTP',
      maybe(codeC16 !== undefined && codeC16 >= 5),
      `${x(codeC16)}${why}`,
      '≥ 5×',
    ),
    judge(
      'password sign-in at c16 vs better-auth, normalized by hash cost',
      maybe(signinNorm !== undefined && signinNorm >= 1),
      `${x(signinNorm)}${why}`,
      '≥ 1.0×',
    ),
    judge(
      'sign-up scales with cores (c16 ÷ c1 ops/s)',
      maybe(ourScaling !== undefined && ourScaling >= 0.75 * cores),
      `Latchkey ${x(ourScaling)}, better-auth ${x(scaling(peer))}${why}`,
      `≥ ${0.75 * cores}× on ${cores} cores`,
    ),
    judge(
      'hot-path read p99 while 4 clients sign up and sign in',
      maybe(mixedP99 !== undefined && mixedP99 <= 10),
      `${mixedP99 ?? '–'} ms (better-auth ${peer?.c1?.mixed?.readP99Ms ?? '–'} ms)${why}`,
      '≤ 10 ms',
    ),
    judge(
      'cold start (spawn → first 200) vs better-auth',
      maybe(cold(ours) !== undefined && cold(peer) !== undefined && cold(ours)! * 3 <= cold(peer)!),
      `${cold(ours) ?? '–'} ms vs ${cold(peer) ?? '–'} ms${why}`,
      '≤ ⅓',
    ),
    // Against the hash alone: what a password sign-in costs beyond its one argon2id hash.
    judge(
      'password sign-in, server CPU per sign-in ÷ least CPU of one argon2id hash (c1 / c16)',
      oursMissing || !floors
        ? undefined
        : [signinCpu('c1'), signinCpu('c16')].every((r) => r !== undefined && r <= 1.15),
      `${x(signinCpu('c1'))} / ${x(signinCpu('c16'))}${pairedCpu === undefined ? '' : `; at c16 against hashes timed in the same seconds (alternated slices): median ${x(pairedCpu)}`}`,
      '≤ 1.15×',
    ),
    judge(
      'password sign-in at c16 vs the argon2id floor (16 hashes in flight, no HTTP, no client)',
      oursMissing || pairedMedian === undefined ? undefined : pairedMedian >= 0.9,
      `${pairedText}; the timed scenario against the run's best floor, ${signinC16 ?? '–'}/s vs ${hashC16 ?? '–'}/s = ${pct(signinC16, hashC16)}; the load generator, on the same cores, spent ${clientC16 ?? '–'} ms of CPU per sign-in; a bare node:http server that only hashes reached ${hashOverHttp ?? '–'}/s = ${pct(hashOverHttp, hashC16)} through it`,
      '≥ 90%',
    ),
    // Absolute bounds, not relative to the peer.
    judge(
      'authenticated read at c1, p50 (absolute)',
      oursMissing ? undefined : readC1 !== undefined && readC1 <= 0.5,
      `${readC1 ?? '–'} ms`,
      '≤ 0.5 ms',
    ),
    judge(
      'cold start, spawn → first 200 on /healthz (absolute)',
      oursMissing ? undefined : cold(ours) !== undefined && cold(ours)! <= 200,
      `${cold(ours) ?? '–'} ms`,
      '≤ 200 ms',
    ),
    judge(
      'peak RSS under load, c16 (absolute)',
      oursMissing ? undefined : rss(ours) !== undefined && rss(ours)! <= 120,
      `${rss(ours) ?? '–'} MiB`,
      '≤ 120 MiB',
    ),
    judge(
      'peak RSS under load (c16) vs better-auth',
      maybe(rss(ours) !== undefined && rss(peer) !== undefined && rss(ours)! * 2 <= rss(peer)!),
      `${rss(ours) ?? '–'} MiB vs ${rss(peer) ?? '–'} MiB${why}`,
      '≤ ½',
    ),
  ];
}
