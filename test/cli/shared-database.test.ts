// Two `latchkey serve` processes on one database file: limits and single-use codes live in SQLite,
// so they hold across processes, not only across the transports of one (docs/security.md R11, R64).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/server.ts';
import { client } from '../helpers/http.ts';
import { fastConfig, runCli, serveCli } from '../helpers/cli.ts';

const count = (db: Database.Database, table: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('two servers on one database', () => {
  it(
    '20 verifications of one code raced across two processes give exactly one session',
    { timeout: 90_000 },
    async () => {
      const dir = tempDir();
      const db = join(dir, 'auth.db');
      const config = fastConfig(dir, { email: { transport: 'outbox', captcha: { policy: 'never' } } });
      const first = await serveCli(['--db', db, '--config', config]);
      const second = await serveCli(['--db', db, '--config', config]);
      const apis = [client(first.url), client(second.url)];
      const email = 'ada@example.com';

      expect((await apis[0]!.post('/v1/auth/email-code', { email })).status).toBe(200);
      // The cooldown written by one process holds in the other.
      expect((await apis[1]!.post('/v1/auth/email-code', { email })).status).toBe(429);
      // The outbox is sealed: the admin command opens it with the key file.
      const read = await runCli(['outbox', '--email', email, '--json', '--db', db, '--config', config]).finished;
      const [{ code }] = JSON.parse(read.stdout) as [{ code: string }];

      const replies = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          apis[i % 2]!.post('/v1/auth/email-code/verify', { email, code, device: { id: `device-${i}` } }),
        ),
      );
      const winners = replies.filter((reply) => reply.status === 200);
      expect(winners).toHaveLength(1);
      const losers = replies.filter((reply) => reply.status !== 200).map((reply) => reply.body.error.code as string);
      expect(losers).toHaveLength(19);
      expect(losers.every((c) => c === 'CODE_INVALID' || c === 'RATE_LIMITED')).toBe(true);

      expect((await first.stop()).code).toBe(0);
      expect((await second.stop()).code).toBe(0);
      const check = new Database(db, { readonly: true });
      expect(count(check, 'sessions')).toBe(1);
      expect(count(check, 'users')).toBe(1);
      expect(count(check, 'email_codes')).toBe(0);
      check.close();
    },
  );
});
