// The peer under test: better-auth on better-sqlite3 (WAL) behind node:http on 127.0.0.1,
// configured as in better-auth's reference benchmark harness (its server.mjs):
// email/password, email OTP, two-factor, bearer, jwt; rate limits off; a fresh SQLite file.
//
//   node bench/peer/server.mjs DB_FILE       (run from bench/peer, after npm ci there)
//   env BENCH_SYNC=NORMAL|FULL               SQLite synchronous pragma (default NORMAL, as the reference)
//
// Prints one line `READY {json}` once it accepts requests; exits on SIGTERM.
// Test-only route outside better-auth's base path: GET /__bench/otp?email=… → {"otp":"123456"},
// the code its sendVerificationOTP callback captured in memory.
import fs from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { betterAuth } from 'better-auth';
import { toNodeHandler } from 'better-auth/node';
import { getMigrations } from 'better-auth/db/migration';
import { emailOTP } from 'better-auth/plugins/email-otp';
import { twoFactor } from 'better-auth/plugins/two-factor';
import { bearer } from 'better-auth/plugins/bearer';
import { jwt } from 'better-auth/plugins/jwt';

const importedAt = performance.now();
const dbFile = process.argv[2];
if (!dbFile) {
  console.error('usage: node server.mjs DB_FILE');
  process.exit(2);
}
for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true });

const db = new Database(dbFile);
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${process.env.BENCH_SYNC === 'FULL' ? 'FULL' : 'NORMAL'}`);

const otps = new Map();
let handler = null;
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/__bench/otp')) {
    const email = (new URL(req.url, 'http://127.0.0.1').searchParams.get('email') || '').toLowerCase();
    const otp = otps.get(email);
    otps.delete(email);
    res.writeHead(otp ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ otp: otp ?? null }));
    return;
  }
  handler(req, res);
});
server.keepAliveTimeout = 60_000;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;
const baseURL = `http://127.0.0.1:${port}`;

const auth = betterAuth({
  appName: 'peer-bench',
  baseURL,
  secret: 'peer-bench-secret-0123456789abcdef0123456789abcdef',
  database: db,
  emailAndPassword: { enabled: true },
  // Default (NODE_ENV=production): 100 per 10 s per IP, sign-in/up 3 per 10 s: off for throughput.
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
  plugins: [
    emailOTP({
      async sendVerificationOTP({ email, otp }) {
        otps.set(email.toLowerCase(), otp);
      },
    }),
    twoFactor({ issuer: 'peer-bench' }),
    bearer(),
    // The default signs a JWT on every get-session; off, so get-session is a pure session read.
    jwt({ disableSettingJwtHeader: true }),
  ],
});
const { runMigrations } = await getMigrations(auth.options);
await runMigrations();
handler = toNodeHandler(auth);

process.stdout.write(
  `READY ${JSON.stringify({
    port,
    ms: { imports: Math.round(importedAt), ready: Math.round(performance.now()) },
    sqlite: {
      journal_mode: db.pragma('journal_mode', { simple: true }),
      synchronous: db.pragma('synchronous', { simple: true }),
    },
  })}\n`,
);

const shutdown = () => {
  server.close();
  server.closeAllConnections();
  db.close();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
