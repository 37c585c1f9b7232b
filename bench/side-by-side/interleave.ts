// Repetitions interleaved across sides (A c1, B c1, A c16, B c16, …), each a fresh server, under
// a global time budget: a unit is not started when it is projected to end past the deadline.
import type { SideAdapter } from '../adapters/types.ts';
import { round } from '../lib/stats.ts';
import { runLifetime, type LifetimeResult } from './lifetime.ts';
import { counts } from './scenarios.ts';
import { CONCURRENCIES, OURS } from './summary.ts';

export interface InterleaveOptions {
  sides: readonly SideAdapter[];
  reps: number;
  scale: number;
  dir: string;
  /** performance.now() value after which no unit may still be running. */
  deadline: number;
  log: (line: string) => void;
}

export interface InterleaveResult {
  runs: LifetimeResult[];
  failures: Array<{ side: string; concurrency: number; rep: number; error: string }>;
  skipped?: string;
}

/** First guesses of a unit's duration before one has been measured (2 cores, shared). */
const GUESS_MS: Record<number, number> = { 1: 15_000, 16: 40_000 };

export async function interleave({
  sides,
  reps,
  scale,
  dir,
  deadline,
  log,
}: InterleaveOptions): Promise<InterleaveResult> {
  const result: InterleaveResult = { runs: [], failures: [] };
  const lastMs = new Map<string, number>();
  for (let rep = 1; rep <= reps; rep++) {
    for (const concurrency of CONCURRENCIES) {
      for (const side of sides) {
        const key = `${side.name}|${concurrency}`;
        const projected = performance.now() + (lastMs.get(key) ?? GUESS_MS[concurrency]! * scale) * 1.1;
        if (projected > deadline) {
          result.skipped = `rep ${rep} c${concurrency} ${side.name} and later (time budget)`;
          log(`[bench] time budget reached: skipping ${result.skipped}`);
          return result;
        }
        const t0 = performance.now();
        try {
          const n = counts(concurrency, scale);
          const pairFloor = side.name === OURS && concurrency === 16;
          const life = await runLifetime(side, concurrency, rep, n, dir, { pairFloor });
          result.runs.push(life);
          const brief = Object.entries(life.scenarios)
            .map(([name, r]) => `${name}=${r.opsPerS}/s${r.errors ? ` (${r.errors} errors: ${r.firstError})` : ''}`)
            .join(' ');
          log(
            `[bench] rep ${rep} c${concurrency} ${side.name}: ${round((performance.now() - t0) / 1000)} s, ` +
              `cold ${life.coldStartMs} ms, rss ${life.peakRssMiB} MiB, ${brief}` +
              (life.mixed ? `, mixed read p99 ${life.mixed.read.p99Ms} ms` : '') +
              (life.pairedFloor
                ? `, paired: sign-in ${life.pairedFloor.signinOpsPerS}/s vs argon2id ${life.pairedFloor.floorOpsPerS}/s = ${life.pairedFloor.ratio} (pairs ${life.pairedFloor.pairs.join(' ')}), CPU ${life.pairedFloor.cpuRatio}×`
                : '') +
              (life.notes.length ? `; ${life.notes.join('; ')}` : ''),
          );
        } catch (error) {
          const message = (error as Error).message;
          result.failures.push({ side: side.name, concurrency, rep, error: message });
          log(`[bench] rep ${rep} c${concurrency} ${side.name} FAILED: ${message}`);
        }
        lastMs.set(key, performance.now() - t0);
      }
    }
  }
  return result;
}
