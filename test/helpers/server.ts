// A real auth server for tests: real SQLite (memory or a temp file), real crypto, a manual clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createAuthServer, type AuthServer } from '../../main/server/server.ts';
import type { ServerConfigInput } from '../../main/server/config.ts';
import { ManualClock } from '../../main/server/clock.ts';
import type { Logger } from '../../main/server/logger.ts';
import { formatLogLine } from '../../main/server/logger.ts';

/** Cheap argon2id parameters so suites run fast; tests about hashing itself override them. */
export const FAST_PASSWORDS = { memoryKiB: 1024, passes: 1 } as const;

export interface TestServer {
  server: AuthServer;
  clock: ManualClock;
  logs: string[];
  /** Closes and opens the same database again, as after a restart. */
  restart(): Promise<AuthServer>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function startServer(config: ServerConfigInput = {}, { file = false } = {}): TestServer {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const logs: string[] = [];
  const logger: Logger = { log: (level, message, fields) => logs.push(formatLogLine(level, message, fields)) };
  const database = file ? join(tempDir(), 'auth.db') : ':memory:';
  const fullConfig: ServerConfigInput = {
    database,
    ...config,
    password: { ...FAST_PASSWORDS, ...config.password },
    // Most suites read codes from the outbox; outside dev mode mail is off unless configured.
    email: { transport: 'outbox', ...config.email },
  };
  const state = { server: createAuthServer(fullConfig, { clock, logger }) };
  cleanups.push(() => state.server.close());
  return {
    get server() {
      return state.server;
    },
    clock,
    logs,
    async restart() {
      if (!file) throw new Error('restart needs a file database');
      // The old server must be fully closed (hasher, mail, database) before the new one opens.
      await state.server.close();
      state.server = createAuthServer(fullConfig, { clock, logger });
      return state.server;
    },
  };
}

export const PASSWORD = 'correct horse battery staple';

export async function registerUser(
  server: AuthServer,
  email = 'ada@example.com',
  device?: { id?: string; name?: string },
) {
  const result = await server
    .caller()
    .auth.register({ email, password: PASSWORD, name: 'Ada Lovelace', ...(device ? { device } : {}) });
  if (result.requires2fa) throw new Error('unexpected 2FA');
  return result;
}

export function as(server: AuthServer, accessToken: string) {
  return server.caller({ accessToken });
}

/** The contract error a call failed with, for exact assertions. */
export async function errorOf(
  promise: Promise<unknown>,
): Promise<{ code: string; retryAfter?: number; details?: Record<string, string>; reason?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as {
      errorCode?: string;
      extras?: { retryAfter?: number; details?: Record<string, string>; reason?: string };
      message: string;
    };
    if (!e.errorCode) throw error;
    return { code: e.errorCode, message: e.message, ...e.extras };
  }
  throw new Error('expected the call to fail');
}
