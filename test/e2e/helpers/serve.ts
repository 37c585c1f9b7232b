// `latchkey serve --dev` as a child process on a free port, with a throwaway database, plus the dev
// routes the tests use: the outbox (codes), the clock, and the server's view of "now".
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../main/cli.ts', import.meta.url));

/** What `POST /v1/dev/users` answers: the account, and with `totp: true` its authenticator. */
export interface SeededUser {
  user: { id: number; email: string };
  totp?: { secret: string; recoveryCodes: string[] };
}

export interface DevServer {
  url: string;
  /** A verified account made through the dev route (optionally with a password and TOTP). */
  seedUser(input: { email: string; password?: string; totp?: boolean }): Promise<SeededUser>;
  /** The newest code mailed to `email` (waits briefly for it to arrive). */
  latestCode(email: string, after?: string): Promise<string>;
  advanceClock(seconds: number): Promise<void>;
  /** The server's clock in ms (the real clock plus every advance). */
  now(): number;
  stop(): Promise<void>;
}

const CONFIG = {
  // Cheap password hashing: the e2e suite checks the screens, not argon2's cost.
  password: { memoryKiB: 1024, passes: 1 },
  email: { maxSendsPerAddressPerHour: 1000, maxSendsPerEmailPerHour: 50 },
};

/** `http.port` in `extra`: listen there (passkey origins name their port), else on a free one. */
const fixedPort = (extra: Record<string, unknown>): number | undefined =>
  (extra.http as { port?: number } | undefined)?.port;

/** `extra` is merged into the config (e.g. `{ http: { corsOrigins } }` for a page elsewhere). */
export async function startDevServer(extra: Record<string, unknown> = {}): Promise<DevServer> {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-e2e-'));
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ ...CONFIG, ...extra }));
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--dev', '--port', String(fixedPort(extra) ?? 0), '--db', join(dir, 'e2e.db'), '--config', config],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = await listeningUrl(child);
  let offsetMs = 0;

  const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...init?.headers },
    });
    const body = (await response.json()) as { success: boolean; data: T; error?: unknown };
    if (!body.success) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
    return body.data;
  };

  return {
    url,
    seedUser: (input) => api<SeededUser>('/v1/dev/users', { method: 'POST', body: JSON.stringify(input) }),
    async latestCode(email, after) {
      for (let attempt = 0; attempt < 50; attempt++) {
        const { messages } = await api<{ messages: Array<{ code: string | null }> }>(
          `/v1/dev/outbox?email=${encodeURIComponent(email)}&limit=1`,
        );
        const code = messages[0]?.code;
        if (code && code !== after) return code;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no code mailed to ${email}`);
    },
    async advanceClock(seconds) {
      await api('/v1/dev/clock', { method: 'POST', body: JSON.stringify({ advanceSeconds: seconds }) });
      offsetMs += seconds * 1000;
    },
    now: () => Date.now() + offsetMs,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Latchkey listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
}
