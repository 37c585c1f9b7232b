// From many server lifetimes to one answer per side, scenario and concurrency: medians over
// repetitions, per-repetition ratios (Latchkey ÷ peer, then their median and range), the hash-
// normalized ratio for password scenarios, and the multiple of the floor.
import type { Floors } from '../floors.ts';
import { median, round } from '../lib/stats.ts';
import type { LifetimeResult } from './lifetime.ts';
import { FLOOR_PARTS, PASSWORD_SCENARIOS, SCENARIOS, type Scenario } from './scenarios.ts';

export const CONCURRENCIES = [1, 16] as const;
export type ConcKey = 'c1' | 'c16';
export const OURS = 'latchkey';
export const PEER = 'better-auth';

/** Which password hash each side uses, to pick its floor and to normalize. */
const HASH_OF: Record<string, 'argon2id' | 'scrypt'> = { [OURS]: 'argon2id', [PEER]: 'scrypt' };

export interface ScenarioSummary {
  opsPerS: number;
  opsMin: number;
  opsMax: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
  reps: number;
  capped: boolean;
  /** floor ops/s ÷ ops/s: how many times the bare cost of this operation it takes. */
  floorMultiple: number;
  /** The server's CPU (all threads) per operation, median over repetitions; steadier than ops/s here. */
  serverCpuMsPerOp: number;
  /** The load generator's CPU per operation, the same way: it shares the cores with the server. */
  clientCpuMsPerOp: number;
}

export interface SideSummary {
  scenarios: Partial<Record<Scenario, ScenarioSummary>>;
  coldStartMs: number;
  peakRssMiB: number;
  mixed?: { readP50Ms: number; readP99Ms: number; reads: number; backgroundOpsPerS: number };
}

export interface Ratio {
  median: number;
  min: number;
  max: number;
  reps: number;
}

export interface ScenarioRatio {
  raw: Ratio;
  /** Password scenarios: raw × (our hash ms ÷ the peer's hash ms), both measured in this run. */
  hashNormalized?: Ratio;
}

export type Summaries = Record<string, Partial<Record<ConcKey, SideSummary>>>;
export type Ratios = Partial<Record<ConcKey, Partial<Record<Scenario, ScenarioRatio>>>>;

export function floorOpsPerS(floors: Floors, side: string, scenario: Scenario, conc: ConcKey): number {
  const { hashes, requests } = FLOOR_PARTS[scenario];
  const hash = floors[HASH_OF[side] ?? 'argon2id'][conc].opsPerS;
  const request = floors.http[conc].sqliteRead.opsPerS;
  return 1 / (hashes / hash + requests / request);
}

export function summarize(runs: readonly LifetimeResult[], floors: Floors | undefined): Summaries {
  const out: Summaries = {};
  for (const side of new Set(runs.map((r) => r.side))) {
    out[side] = {};
    for (const concurrency of CONCURRENCIES) {
      const conc: ConcKey = `c${concurrency}`;
      const lives = runs.filter((r) => r.side === side && r.concurrency === concurrency);
      if (lives.length === 0) continue;
      const scenarios: SideSummary['scenarios'] = {};
      for (const scenario of SCENARIOS) {
        const results = lives.flatMap((r) => (r.scenarios[scenario] ? [r.scenarios[scenario]] : []));
        if (results.length === 0) continue;
        const ops = results.map((r) => r.opsPerS);
        const opsPerS = round(median(ops));
        scenarios[scenario] = {
          opsPerS,
          opsMin: round(Math.min(...ops)),
          opsMax: round(Math.max(...ops)),
          p50Ms: round(median(results.map((r) => r.p50Ms))),
          p95Ms: round(median(results.map((r) => r.p95Ms))),
          p99Ms: round(median(results.map((r) => r.p99Ms))),
          errors: results.reduce((sum, r) => sum + r.errors, 0),
          reps: results.length,
          capped: results.some((r) => r.capped),
          floorMultiple: floors ? round(floorOpsPerS(floors, side, scenario, conc) / opsPerS) : Number.NaN,
          serverCpuMsPerOp: medianOf(results.map((r) => r.serverCpuMsPerOp)),
          clientCpuMsPerOp: medianOf(results.map((r) => r.clientCpuMsPerOp)),
        };
      }
      const mixed = lives.flatMap((r) => (r.mixed ? [r.mixed] : []));
      out[side][conc] = {
        scenarios,
        coldStartMs: round(median(lives.map((r) => r.coldStartMs))),
        peakRssMiB: round(Math.max(...lives.map((r) => r.peakRssMiB).filter(Number.isFinite))),
        ...(mixed.length
          ? {
              mixed: {
                readP50Ms: round(median(mixed.map((m) => m.read.p50Ms))),
                readP99Ms: round(median(mixed.map((m) => m.read.p99Ms))),
                reads: mixed.reduce((sum, m) => sum + m.read.ops, 0),
                backgroundOpsPerS: round(median(mixed.map((m) => m.backgroundOpsPerS))),
              },
            }
          : {}),
      };
    }
  }
  return out;
}

/** The median of the values that were measured, or NaN when none was. */
function medianOf(values: Array<number | undefined>): number {
  const finite = values.filter((value): value is number => value !== undefined && Number.isFinite(value));
  return finite.length ? round(median(finite)) : Number.NaN;
}

function ratioOf(values: number[]): Ratio | undefined {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return undefined;
  return {
    median: round(median(finite)),
    min: round(Math.min(...finite)),
    max: round(Math.max(...finite)),
    reps: finite.length,
  };
}

/** Per repetition, ours ÷ the peer's ops/s; then the median and range of those ratios. */
export function ratios(runs: readonly LifetimeResult[], floors: Floors | undefined): Ratios {
  const out: Ratios = {};
  const hashScale = floors ? floors.argon2id.c1.p50Ms / floors.scrypt.c1.p50Ms : Number.NaN;
  for (const concurrency of CONCURRENCIES) {
    const perScenario: Partial<Record<Scenario, ScenarioRatio>> = {};
    for (const scenario of SCENARIOS) {
      const raw: number[] = [];
      for (const ours of runs.filter((r) => r.side === OURS && r.concurrency === concurrency)) {
        const peer = runs.find((r) => r.side === PEER && r.concurrency === concurrency && r.rep === ours.rep);
        const a = ours.scenarios[scenario]?.opsPerS;
        const b = peer?.scenarios[scenario]?.opsPerS;
        if (a !== undefined && b) raw.push(a / b);
      }
      const rawRatio = ratioOf(raw);
      if (!rawRatio) continue;
      const normalized = PASSWORD_SCENARIOS.includes(scenario) ? ratioOf(raw.map((x) => x * hashScale)) : undefined;
      perScenario[scenario] = { raw: rawRatio, ...(normalized ? { hashNormalized: normalized } : {}) };
    }
    out[`c${concurrency}`] = perScenario;
  }
  return out;
}
