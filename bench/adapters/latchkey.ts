// Latchkey over HTTP: `latchkey serve` (the bundled CLI, as `npm run serve` runs it) with the REST facade of docs/rest-api.md and
// the dev-mode outbox. Every reply is the envelope {"success": true, "data": …}.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAuthServer } from '../../main/server/index.ts';
import { expectStatus, type Reply } from '../http/client.ts';
import { packageVersions } from '../lib/machine.ts';
import { totpCode } from '../lib/totp.ts';
import { CLI_BUNDLE } from '../../scripts/build-cli.ts';
import type { Cred, SideAdapter } from './types.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** `latchkey serve` entry point; LATCHKEY_BENCH_CLI points at another checkout's (same contract). */
export const usesOwnCli = process.env['LATCHKEY_BENCH_CLI'] === undefined;
const CLI = process.env['LATCHKEY_BENCH_CLI'] ?? join(ROOT, CLI_BUNDLE);

/** Extra `latchkey serve` flags for experiments (e.g. another `--config`). */
export const extraServeArgs = (): string[] =>
  (process.env['LATCHKEY_BENCH_SERVE_ARGS'] ?? '').split(/\s+/).filter(Boolean);

/**
 * The peer runs with its rate limits off; so does this side. Every bench request comes from
 * 127.0.0.1, so the per-address and global request caps (registrations, code requests and mails
 * per address) would otherwise turn the scenarios into rate-limit tests: `limits.perAddress: false`
 * turns them off (accepted on loopback only). The captcha after refused sends is off too. Per-account
 * limits stay at their defaults: lockouts count only failures, which the bench never makes, and
 * every scenario spreads its concurrent sign-ins over as many accounts as clients.
 */
const BENCH_CONFIG = { limits: { perAddress: false }, email: { captcha: { policy: 'never' } } };

/**
 * Settings for experiments, as JSON in LATCHKEY_BENCH_CONFIG, laid over BENCH_CONFIG one top-level
 * key at a time (e.g. `{"password":{"maxConcurrentHashes":3}}`). Recorded with the run.
 */
export const extraConfig = (): string | null => process.env['LATCHKEY_BENCH_CONFIG'] || null;

function benchConfig(): Record<string, unknown> {
  const extra = extraConfig();
  if (extra === null) return BENCH_CONFIG;
  const parsed: unknown = JSON.parse(extra);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('LATCHKEY_BENCH_CONFIG must be a JSON object');
  return { ...BENCH_CONFIG, ...parsed };
}
const CONFIG_SUFFIX = '.config.json';

function dataOf(reply: Reply, expected: number | readonly number[], what: string): Record<string, unknown> {
  expectStatus(reply, expected, what);
  const body = reply.body as { success?: boolean; data?: unknown };
  if (body?.success !== true || typeof body.data !== 'object' || body.data === null)
    throw new Error(`${what}: not a success envelope: ${JSON.stringify(reply.body).slice(0, 200)}`);
  return body.data as Record<string, unknown>;
}

function credOf(data: Record<string, unknown>, email: string, what: string): Cred {
  const tokens = data['tokens'] as { accessToken?: string; refreshToken?: string } | undefined;
  if (data['requires2fa'] !== false || !tokens?.accessToken || !tokens.refreshToken)
    throw new Error(`${what}: no AuthResult with tokens`);
  return { email, bearer: tokens.accessToken, refreshToken: tokens.refreshToken };
}

/**
 * Each bench user signs in from one device, as a returning app does (its client sends the same
 * X-Device-Id every time). Without it every sign-in would come from a new device and also send the
 * account a new-device notice mail, which better-auth does not do.
 */
const deviceOf = (email: string) => ({
  'x-device-id': `bench-${createHash('sha256').update(email).digest('hex').slice(0, 16)}`,
});

const bearer = (cred: Cred) => ({ authorization: `Bearer ${cred.bearer}` });

export const latchkeyAdapter: SideAdapter = {
  name: 'latchkey',
  unavailable: () => (existsSync(CLI) ? undefined : `${CLI} does not exist`),
  launch(dbFile) {
    writeFileSync(dbFile + CONFIG_SUFFIX, JSON.stringify(benchConfig()));
    return {
      command: process.execPath,
      args: [
        CLI,
        'serve',
        '--port',
        '0',
        '--db',
        dbFile,
        '--config',
        dbFile + CONFIG_SUFFIX,
        '--dev',
        ...extraServeArgs(),
      ],
      cwd: ROOT,
      env: { NODE_ENV: 'production' },
    };
  },
  readyPort(stdout) {
    const match = /Latchkey listening on http:\/\/\S+?:(\d+)/.exec(stdout);
    return match ? Number(match[1]) : undefined;
  },
  probePath: '/healthz',
  dbSidecars: ['-wal', '-shm', '.key', CONFIG_SUFFIX],
  versions() {
    const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    return { latchkey: own.version, ...packageVersions(ROOT, ['better-sqlite3', 'jose', '@trpc/server']) };
  },

  async signUp(h, { email, password, name }) {
    const reply = await h.req('POST', '/v1/auth/register', {
      json: { email, password, name },
      headers: deviceOf(email),
    });
    return credOf(dataOf(reply, [200, 201], 'register'), email, 'register');
  },
  async signIn(h, { email, password }) {
    const reply = await h.req('POST', '/v1/auth/login', { json: { email, password }, headers: deviceOf(email) });
    return credOf(dataOf(reply, 200, 'login'), email, 'login');
  },
  async read(h, cred) {
    const data = dataOf(await h.req('GET', '/v1/me', { headers: bearer(cred) }), 200, 'me');
    const user = (data['user'] ?? data) as { email?: string };
    if (user.email !== cred.email) throw new Error('me: another user');
  },
  async refresh(h, cred) {
    const reply = await h.req('POST', '/v1/auth/refresh', { json: { refreshToken: cred.refreshToken } });
    return credOf(dataOf(reply, 200, 'refresh'), cred.email, 'refresh');
  },

  // Returning, verified users without a password, made through the in-process admin API on the
  // same database file (SQLite WAL allows a second writer process); nothing here is timed.
  async seedEmailUsers(_h, emails, dbFile) {
    // The served database's own key file: a database with sealed data opens with no other key.
    const seeder = createAuthServer({ database: dbFile });
    try {
      const admin = seeder.adminCaller();
      for (const email of emails) await admin.admin.users.create({ email, name: 'Code User', emailVerified: true });
    } finally {
      await seeder.close();
    }
  },
  // 60 s resend cooldown per email (docs/security.md): one code per user within a run.
  emailUserSingleUse: true,
  async emailCodeRequest(h, email) {
    dataOf(await h.req('POST', '/v1/auth/email-code', { json: { email } }), [200, 202], 'email-code');
  },
  async emailCodeFetch(h, email) {
    const reply = await h.req('GET', `/v1/dev/outbox?email=${encodeURIComponent(email)}`);
    const messages = dataOf(reply, 200, 'dev outbox')['messages'] as Array<{ code?: string | null }> | undefined;
    const code = messages?.[0]?.code;
    if (!code) throw new Error('dev outbox: no code');
    return code;
  },
  async emailCodeVerify(h, email, code) {
    const reply = await h.req('POST', '/v1/auth/email-code/verify', { json: { email, code } });
    return credOf(dataOf(reply, 200, 'email-code verify'), email, 'email-code verify');
  },

  async totpEnable(h, cred) {
    const begun = dataOf(await h.req('POST', '/v1/me/totp', { headers: bearer(cred), json: {} }), [200, 201], 'totp');
    const secret = begun['secret'];
    if (typeof secret !== 'string') throw new Error('totp: no secret');
    const confirm = await h.req('POST', '/v1/me/totp/confirm', {
      headers: bearer(cred),
      json: { code: totpCode(secret) },
    });
    dataOf(confirm, 200, 'totp confirm');
    return secret;
  },
  // Each 30 s step is accepted once per user (docs/security.md), and enrolment used the current one.
  totpUserSingleUse: true,
  async signInWithTotp(h, { email, password }, secret) {
    const first = dataOf(await h.req('POST', '/v1/auth/login', { json: { email, password } }), 200, '2fa login');
    const challenge = first['challenge'] as { token?: string } | undefined;
    if (first['requires2fa'] !== true || !challenge?.token) throw new Error('2fa login: no challenge');
    const reply = await h.req('POST', '/v1/auth/2fa', {
      json: { challengeToken: challenge.token, code: totpCode(secret, 1) },
    });
    return credOf(dataOf(reply, 200, '2fa verify'), email, '2fa verify');
  },
};
