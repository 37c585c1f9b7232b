// Runs the real `latchkey` CLI as a child process under this Node (process.execPath is Node 24).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach } from 'vitest';
import { runCli as runInProcess } from '../../main/cli/program.ts';
import { FAST_PASSWORDS } from './server.ts';

export const CLI = resolve(import.meta.dirname, '../../main/cli.ts');

const running = new Set<ChildProcessWithoutNullStreams>();
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

/** A config file with cheap hashing, so spawned servers start and sign in fast. */
export function fastConfig(dir: string, extra: Record<string, unknown> = {}): string {
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ password: FAST_PASSWORDS, ...extra }));
  return file;
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Another entry point of the same CLI (the bundle `npm run serve` runs). */
  entry?: string;
}

export function runCli(args: string[], options: CliOptions = {}) {
  const child = spawn(process.execPath, [options.entry ?? CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, LATCHKEY_DB: undefined, ...options.env },
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.input ?? '');
  const finished = new Promise<Finished>((done) =>
    child.on('close', (code) => {
      running.delete(child);
      done({ code, stdout, stderr });
    }),
  );
  return { child, finished, output: () => ({ stdout, stderr }) };
}

/** Starts `latchkey serve …` and resolves with its URL once it prints the listening line. */
export async function serveCli(args: string[], options: Pick<CliOptions, 'cwd' | 'entry' | 'env'> = {}) {
  const run = runCli(['serve', '--port', '0', ...args], options);
  const url = await new Promise<string>((resolveUrl, reject) => {
    const onData = () => {
      const match = /^Latchkey listening on (http:\/\/\S+)\n/m.exec(run.output().stdout);
      if (match) resolveUrl(match[1]!);
    };
    run.child.stdout.on('data', onData);
    void run.finished.then((f) => reject(new Error(`serve exited ${f.code}: ${f.stderr}`)));
  });
  return { ...run, url, stop: (signal: NodeJS.Signals = 'SIGTERM') => (run.child.kill(signal), run.finished) };
}

/** Runs the CLI in this process (no child: faster) and collects what it printed. */
export async function cliInProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runInProcess(['node', 'latchkey', ...args], {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
