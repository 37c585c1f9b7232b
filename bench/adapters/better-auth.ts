// better-auth over HTTP (bench/peer/server.mjs), configured as in better-auth's reference
// benchmark harness: email/password, email OTP, two-factor, bearer, jwt; rate
// limits off; a fresh SQLite file per server.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectStatus, type HttpClient, type Reply } from '../http/client.ts';
import { packageVersions } from '../lib/machine.ts';
import { totpCode } from '../lib/totp.ts';
import type { Cred, SideAdapter } from './types.ts';

export const PEER_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'peer');
const API = '/api/auth';

function body(reply: Reply): Record<string, unknown> {
  return (typeof reply.body === 'object' && reply.body !== null ? reply.body : {}) as Record<string, unknown>;
}

/** The bearer plugin returns the signed session token in `set-auth-token`. */
function credOf(reply: Reply, email: string, what: string): Cred {
  const token = reply.headers['set-auth-token'];
  if (typeof token !== 'string') throw new Error(`${what}: no set-auth-token header`);
  const user = body(reply)['user'] as { email?: string } | undefined;
  if (user?.email !== email) throw new Error(`${what}: no user in the answer`);
  return { email, bearer: token };
}

const bearer = (cred: Cred) => ({ authorization: `Bearer ${cred.bearer}` });

async function otpSignIn(h: HttpClient, email: string): Promise<void> {
  await betterAuthAdapter.emailCodeRequest(h, email);
  await betterAuthAdapter.emailCodeVerify(h, email, await betterAuthAdapter.emailCodeFetch(h, email));
}

export const betterAuthAdapter: SideAdapter = {
  name: 'better-auth',
  unavailable: () =>
    existsSync(join(PEER_DIR, 'node_modules', 'better-auth', 'package.json'))
      ? undefined
      : 'bench/peer is not installed (npm ci in bench/peer failed or was skipped)',
  launch: (dbFile) => ({
    command: process.execPath,
    args: [join(PEER_DIR, 'server.mjs'), dbFile],
    cwd: PEER_DIR,
    env: { NODE_ENV: 'production', BENCH_SYNC: process.env['BENCH_PEER_SYNC'] ?? 'NORMAL' },
  }),
  readyPort(stdout) {
    const match = /^READY (\{.*\})$/m.exec(stdout);
    return match ? (JSON.parse(match[1]!) as { port: number }).port : undefined;
  },
  probePath: `${API}/ok`,
  dbSidecars: ['-wal', '-shm'],
  versions: () =>
    packageVersions(PEER_DIR, ['better-auth', '@better-auth/core', 'better-call', 'kysely', 'better-sqlite3']),

  async signUp(h, { email, password, name }) {
    const reply = await h.req('POST', `${API}/sign-up/email`, { json: { email, password, name } });
    return credOf(expectStatus(reply, 200, 'sign-up'), email, 'sign-up');
  },
  async signIn(h, { email, password }) {
    const reply = await h.req('POST', `${API}/sign-in/email`, { json: { email, password } });
    return credOf(expectStatus(reply, 200, 'sign-in'), email, 'sign-in');
  },
  async read(h, cred) {
    const reply = expectStatus(await h.req('GET', `${API}/get-session`, { headers: bearer(cred) }), 200, 'get-session');
    const user = body(reply)['user'] as { email?: string } | undefined;
    if (user?.email !== cred.email) throw new Error('get-session: no user');
  },

  // An untimed first OTP sign-in creates and verifies each user; better-auth's first email-proof
  // sign-in on an unverified account would otherwise revoke that account's other access.
  async seedEmailUsers(h, emails) {
    let next = 0;
    const worker = async () => {
      while (next < emails.length) await otpSignIn(h, emails[next++]!);
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  },
  emailUserSingleUse: false,
  async emailCodeRequest(h, email) {
    const reply = await h.req('POST', `${API}/email-otp/send-verification-otp`, { json: { email, type: 'sign-in' } });
    expectStatus(reply, 200, 'otp send');
  },
  async emailCodeFetch(h, email) {
    const reply = expectStatus(await h.req('GET', `/__bench/otp?email=${encodeURIComponent(email)}`), 200, 'otp fetch');
    const otp = body(reply)['otp'];
    if (typeof otp !== 'string') throw new Error('otp fetch: no code');
    return otp;
  },
  async emailCodeVerify(h, email, code) {
    const reply = await h.req('POST', `${API}/sign-in/email-otp`, { json: { email, otp: code } });
    return credOf(expectStatus(reply, 200, 'otp verify'), email, 'otp verify');
  },

  async totpEnable(h, cred, password) {
    const enable = await h.req('POST', `${API}/two-factor/enable`, { headers: bearer(cred), json: { password } });
    const uri = body(expectStatus(enable, 200, '2fa enable'))['totpURI'];
    const secret = typeof uri === 'string' ? new URL(uri).searchParams.get('secret') : null;
    if (!secret) throw new Error('2fa enable: no secret');
    const verify = await h.req('POST', `${API}/two-factor/verify-totp`, {
      headers: bearer(cred),
      json: { code: totpCode(secret) },
    });
    expectStatus(verify, 200, '2fa confirm');
    return secret;
  },
  totpUserSingleUse: false,
  async signInWithTotp(h, { email, password }, secret) {
    const first = expectStatus(
      await h.req('POST', `${API}/sign-in/email`, { json: { email, password } }),
      200,
      '2fa sign-in',
    );
    if (body(first)['twoFactorRedirect'] !== true) throw new Error('2fa sign-in: no twoFactorRedirect');
    const cookie = ([] as string[])
      .concat(first.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('better-auth.two_factor='));
    if (!cookie) throw new Error('2fa sign-in: no two_factor cookie');
    const reply = await h.req('POST', `${API}/two-factor/verify-totp`, {
      headers: { cookie: cookie.split(';')[0]!, origin: h.origin },
      json: { code: totpCode(secret) },
    });
    return credOf(expectStatus(reply, 200, '2fa verify'), email, '2fa verify');
  },
};
