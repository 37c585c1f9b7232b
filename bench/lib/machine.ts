// Facts about the machine and the packages a run used, so a result can be read in context.
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { round } from './stats.ts';

export interface MachineFacts {
  cores: number;
  cpu: string;
  memGiB: number;
  os: string;
  node: string;
  uvThreadpoolSize: string;
}

export function machineFacts(): MachineFacts {
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memGiB: round(totalmem() / 2 ** 30),
    os: `${readOr('/etc/debian_version', '') ? `Debian ${readOr('/etc/debian_version', '').trim()}, ` : ''}${osType()} ${release()}`,
    node: process.version,
    uvThreadpoolSize: process.env['UV_THREADPOOL_SIZE'] ?? '4 (default)',
  };
}

/** CPU time counters, to report how busy the machine was (other tenants) during a run. */
export interface CpuSample {
  at: number;
  load: number[];
  busy: number;
  steal: number;
  total: number;
}

export function sampleCpu(): CpuSample {
  const fields = readOr('/proc/stat', 'cpu 0').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  const busy = user + nice + system + irq + softirq;
  return { at: performance.now(), load: loadavg().map(round), busy, steal, total: busy + idle + iowait + steal };
}

export interface CpuUse {
  /** Share of all cores busy over the interval (this run plus everyone else). */
  busyPct: number;
  stealPct: number;
  loadAvgStart: number[];
  loadAvgEnd: number[];
}

export function cpuUse(start: CpuSample, end: CpuSample): CpuUse {
  const total = Math.max(1, end.total - start.total);
  return {
    busyPct: round(((end.busy - start.busy) / total) * 100),
    stealPct: round(((end.steal - start.steal) / total) * 100),
    loadAvgStart: start.load,
    loadAvgEnd: end.load,
  };
}

/** Installed versions of the named packages under `root`/node_modules (null when absent). */
export function packageVersions(root: string, names: readonly string[]): Record<string, string | null> {
  return Object.fromEntries(
    names.map((name) => {
      try {
        const pkg = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
          version?: string;
        };
        return [name, pkg.version ?? null];
      } catch {
        return [name, null];
      }
    }),
  );
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}
