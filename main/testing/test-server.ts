// startTestServer: a real Latchkey server for an app's own test suites. Dev mode runs in this
// process on 127.0.0.1 (port 0), over a temporary SQLite file and a ManualClock, so a test reads
// the mailed code, moves time past an expiry and computes authenticator codes without waiting.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PublicUser } from '../../shared/types.ts';
import { ManualClock } from '../server/clock.ts';
import type { ServerConfigInput } from '../server/config.ts';
import type { Logger } from '../server/logger.ts';
import { createAuthServer, type AuthServer } from '../server/server.ts';
import { decodeBase32, TOTP_PERIOD_SECONDS, totpCodeAt } from '../server/totp/totp-code.ts';
import { devRouter } from '../server/api/routers/dev.ts';
import { createCallerFactory } from '../server/api/trpc.ts';
import { outboxMessages, type DevMailMessage } from '../server/dev/outbox.ts';
import { createHttpServer } from '../http/server.ts';

export interface TestServerOptions {
  /** Server options over the test defaults (dev mode, a temp database, quick password hashing). */
  config?: Omit<ServerConfigInput, 'database' | 'devMode'> | undefined;
  /** Where the manual clock starts, ms since the epoch or a Date. Default: the real time now. */
  startTime?: number | Date | undefined;
  /** Server logs; silent by default. */
  logger?: Logger | undefined;
}

export interface SeedUserOptions {
  email: string;
  password?: string | undefined;
  name?: string | undefined;
  role?: 'user' | 'admin' | undefined;
  /** Enroll an authenticator app; its secret comes back as `totpSecret`. */
  totp?: boolean | undefined;
}

export interface SeededUser {
  user: PublicUser;
  /** Base32, as an authenticator app would scan it; pass it to `totpCode`. */
  totpSecret?: string;
  recoveryCodes?: string[];
}

export interface TestServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** The auth server in this process (its callers, services and config). */
  readonly auth: AuthServer;
  /** The server's clock; `advanceClock` moves it. */
  readonly clock: ManualClock;
  /** The SQLite file, inside a temp folder that `close()` removes. */
  readonly databasePath: string;
  /** The latest sign-in code mailed to `email`; throws if none was. */
  readCode(email: string): string;
  /** The magic link in the newest link mail to `email` (throws if none was mailed). */
  readLink(email: string): string;
  /** Mail sent to `email`, newest first. */
  readMail(email: string): DevMailMessage[];
  /** Moves the server's time forward; answers the new time (ISO 8601). */
  advanceClock(seconds: number): string;
  seedUser(options: SeedUserOptions): Promise<SeededUser>;
  /** The code an authenticator shows for `secret` at the server's time, `offsetSteps` 30-second steps away. */
  totpCode(secret: string, offsetSteps?: number): Promise<string>;
  /** Empties the database (signing keys stay) and closes live-event streams. */
  reset(): Promise<void>;
  /** Stops the server and deletes its temp folder. */
  close(): Promise<void>;
}

/** argon2id at its minimum cost: tests sign in often and hashing strength is not what they check. */
const QUICK_PASSWORDS = { memoryKiB: 1024, passes: 1 } as const;
const STEP_MS = TOTP_PERIOD_SECONDS * 1000;
const createDevCaller = createCallerFactory(devRouter);

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-test-server-'));
  const databasePath = join(dir, 'latchkey.db');
  const start = options.startTime instanceof Date ? options.startTime.getTime() : options.startTime;
  const clock = new ManualClock(start ?? Date.now());
  const config = options.config ?? {};
  let auth: AuthServer | undefined;
  let http: ReturnType<typeof createHttpServer> | undefined;
  try {
    auth = createAuthServer(
      { ...config, database: databasePath, devMode: true, password: { ...QUICK_PASSWORDS, ...config.password } },
      { clock, ...(options.logger ? { logger: options.logger } : {}) },
    );
    http = createHttpServer(auth, { host: '127.0.0.1', port: 0 });
    await http.listen();
  } catch (error) {
    await auth?.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return testServer({ auth, http, clock, dir, databasePath });
}

function testServer(parts: {
  auth: AuthServer;
  http: ReturnType<typeof createHttpServer>;
  clock: ManualClock;
  dir: string;
  databasePath: string;
}): TestServer {
  const { auth, http, clock, dir, databasePath } = parts;
  const url = http.url;
  let closed: Promise<void> | undefined;
  return {
    url,
    auth,
    clock,
    databasePath,
    readCode(email) {
      const code = outboxMessages(auth.services, { email, limit: 50 }).find((message) => message.code !== null)?.code;
      if (!code) throw new Error(`no sign-in code was mailed to ${email}`);
      return code;
    },
    readLink(email) {
      const link = outboxMessages(auth.services, { email, limit: 50 }).find((message) => message.link !== null)?.link;
      if (!link) throw new Error(`no sign-in link was mailed to ${email}`);
      return link;
    },
    readMail: (email) => outboxMessages(auth.services, { email, limit: 500 }),
    advanceClock(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('advanceClock takes seconds >= 0');
      clock.advance(seconds * 1000);
      return new Date(clock.now()).toISOString();
    },
    async seedUser(seed) {
      // The dev router's own dev.seedUser, in process: the same checks as POST /v1/dev/users.
      const seeded = await createDevCaller({
        services: auth.services,
        request: { transport: 'internal', locale: 'en' },
      }).seedUser({
        email: seed.email,
        ...(seed.password !== undefined ? { password: seed.password } : {}),
        ...(seed.name !== undefined ? { name: seed.name } : {}),
        ...(seed.role !== undefined ? { role: seed.role } : {}),
        ...(seed.totp ? { totp: true } : {}),
      });
      if (!seeded.totp) return { user: seeded.user };
      // Enrolling spent the current step's code (replay protection); start the next step so the
      // test's first totpCode(secret) is one the server still accepts.
      clock.advance(STEP_MS - (clock.now() % STEP_MS));
      return { user: seeded.user, totpSecret: seeded.totp.secret, recoveryCodes: seeded.totp.recoveryCodes };
    },
    totpCode: (secret, offsetSteps = 0) => totpCodeAt(decodeBase32(secret), clock.now() + offsetSteps * STEP_MS),
    async reset() {
      // Through the dev route, so live-event streams close exactly as they do for `latchkey serve --dev`.
      const response = await fetch(`${url}/v1/dev/reset`, { method: 'POST' });
      if (response.status !== 200) throw new Error(`reset failed: ${response.status} ${await response.text()}`);
    },
    close() {
      return (closed ??= (async () => {
        try {
          await http.close();
          await auth.close();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      })());
    },
  };
}
