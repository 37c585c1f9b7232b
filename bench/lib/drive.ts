// The one load loop every scenario uses: a fixed number of operations shared by `concurrency`
// workers, stopped early by a time cap. Every operation is checked by the op itself (it throws on
// a wrong answer); failures are counted and the first one is kept for the report.
import { percentile, round } from './stats.ts';

export interface DriveResult {
  ops: number;
  errors: number;
  firstError: string | null;
  /** The time cap ended the run before every operation was done. */
  capped: boolean;
  wallS: number;
  opsPerS: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The server's CPU time (all its threads) per timed operation, when the caller could read it. */
  serverCpuMsPerOp?: number;
  /** This process's CPU time (the load generator, all threads) per timed operation, read beside the server's. */
  clientCpuMsPerOp?: number;
}

export interface DriveOptions {
  /** Untimed operations first (indices -1, -2, …), with the same concurrency. */
  warmup?: number;
  capMs?: number;
  /** The server's CPU time so far, in ms: read around the timed part (warm-up excluded). */
  serverCpuMs?: () => number;
}

/** An operation; it may return its own latency in ms when part of it (a test-only step) must not count. */
export type Operation = (index: number) => Promise<unknown>;

export const DEFAULT_CAP_MS = 15_000;

export async function drive(
  total: number,
  concurrency: number,
  op: Operation,
  { warmup = 0, capMs = DEFAULT_CAP_MS, serverCpuMs }: DriveOptions = {},
): Promise<DriveResult> {
  if (warmup > 0) await drive(warmup, concurrency, (i) => op(-1 - i), { capMs });
  const cpuBefore = serverCpuMs?.();
  const ownBefore = process.cpuUsage();
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | null = null;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total && performance.now() - t0 < capMs) {
      const index = next++;
      const start = performance.now();
      try {
        const own = await op(index);
        latencies.push(typeof own === 'number' ? own : performance.now() - start);
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, total)) }, worker));
  const result = resultOf(latencies, (performance.now() - t0) / 1000, { errors, firstError, capped: next < total });
  if (cpuBefore !== undefined && serverCpuMs && latencies.length > 0) {
    result.serverCpuMsPerOp = round((serverCpuMs() - cpuBefore) / latencies.length);
    const own = process.cpuUsage(ownBefore);
    result.clientCpuMsPerOp = round((own.user + own.system) / 1000 / latencies.length);
  }
  return result;
}

/** The report of one measured loop, from its latencies (ms, any order) and its wall time. */
export function resultOf(
  latencies: number[],
  wallS: number,
  {
    errors = 0,
    firstError = null,
    capped = false,
  }: { errors?: number; firstError?: string | null; capped?: boolean } = {},
): DriveResult {
  latencies.sort((a, b) => a - b);
  return {
    ops: latencies.length,
    errors,
    firstError,
    capped,
    wallS: round(wallS),
    opsPerS: round(latencies.length / wallS),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies.at(-1) ?? Number.NaN),
  };
}
