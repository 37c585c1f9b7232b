// A server under test as a child process: spawn, wait for its ready line, time the cold start
// (spawn → first 2xx), read its peak RSS, and stop it by its own handle.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { round } from '../lib/stats.ts';
import { httpClient } from './client.ts';

export interface Launch {
  command: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
}

export interface RunningServer {
  child: ChildProcess;
  port: number;
  coldStartMs: number;
  stderrTail(): string;
}

const START_TIMEOUT_MS = 30_000;

/** Starts the server and returns once `probePath` answers 2xx; `readyPort` finds the port in stdout. */
export async function startServer(
  launch: Launch,
  readyPort: (stdout: string) => number | undefined,
  probePath: string,
): Promise<RunningServer> {
  const t0 = performance.now();
  const child = spawn(launch.command, launch.args, {
    cwd: launch.cwd,
    env: { ...process.env, ...launch.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(
        () => reject(new Error(`no ready line within ${START_TIMEOUT_MS / 1000} s`)),
        START_TIMEOUT_MS,
      );
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout = (stdout + chunk.toString()).slice(-8000);
        const port = readyPort(stdout);
        if (port !== undefined) {
          clearTimeout(timer);
          resolve(port);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited early (code ${code})`));
      });
    });
    const probe = httpClient(port, 1);
    try {
      for (let attempt = 0; ; attempt++) {
        const reply = await probe.req('GET', probePath).catch(() => undefined);
        if (reply && reply.status >= 200 && reply.status < 300) break;
        if (performance.now() - t0 > START_TIMEOUT_MS || attempt > 5000) throw new Error(`no 2xx from ${probePath}`);
        await sleep(2);
      }
    } finally {
      await probe.close();
    }
    return { child, port, coldStartMs: round(performance.now() - t0), stderrTail: () => stderr };
  } catch (error) {
    await stopServer(child);
    throw new Error(`${(error as Error).message}\n${stderr.trim().split('\n').slice(-15).join('\n')}`, {
      cause: error,
    });
  }
}

/** VmHWM of a live process, in MiB. */
export function peakRssMiB(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) / 1024);
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time a live process has used so far, user and system, all threads, in ms (NaN when it cannot
 * be read). /proc counts it in USER_HZ ticks, which Linux fixes at 100 per second.
 */
export function cpuTimeMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** SIGTERM to this one child; SIGKILL if it has not exited after 3 s. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
