// kill -9 safety (docs/security.md R63), modelled on SQLite's crash tests: a child process runs the real
// server on a real file and acknowledges each state change after it returns; we SIGKILL it at a
// random moment, reopen the file and check that it is intact and that every acknowledged change
// is there. A few rounds per run on the same file (each reopening what the last one left); power
// loss needs a VM or a fault-injecting disk and is not tested here.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/server/db/open.ts';
import { verifyAuditChain } from '../../main/server/security/audit-chain.ts';
import { accountThrottleKey } from '../../main/server/security/sign-in-throttle.ts';
import { sha256 } from '../../main/server/crypto/random.ts';
import { tempDir } from '../helpers/server.ts';

const CHILD = resolve(import.meta.dirname, 'fixtures/crash-child.ts');
const ROUNDS = 6;

interface Ack {
  seq: number;
  refreshToken: string;
  email: string;
}

/** Runs one child until a random point after its first few acknowledgements, then SIGKILLs it. */
async function runAndKill(database: string, round: number): Promise<Ack[]> {
  const child = spawn(process.execPath, [CHILD, database, String(round)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acks: Ack[] = [];
  let buffered = '';
  let stderr = '';
  const killAfter = randomInt(1, 6); // acknowledgements before the kill is armed
  let armed = false;
  const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) acks.push(JSON.parse(line) as Ack);
    // Then a random few milliseconds more, so the kill lands anywhere in the next iteration.
    if (acks.length >= killAfter && !armed) {
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), randomInt(0, 25));
    }
  });
  const signal = await exited;
  expect(signal, `child ended on its own: ${stderr}`).toBe('SIGKILL');
  // Anything printed before the kill was acknowledged; a partial last line was not.
  return acks;
}

function expectAcknowledged(db: Db, ack: Ack): void {
  // The last token the child was given is live, or it was used and its successor stored.
  const token = db
    .prepare('SELECT id, used_at, revoked_at FROM refresh_tokens WHERE token_hash = ?')
    .get(sha256(ack.refreshToken)) as { id: number; used_at: number | null; revoked_at: number | null } | undefined;
  expect(token, `refresh token of seq ${ack.seq}`).toBeDefined();
  expect(token!.revoked_at).toBeNull();
  if (token!.used_at !== null) {
    expect(db.prepare('SELECT count(*) AS n FROM refresh_tokens WHERE parent_id = ?').get(token!.id)).toEqual({ n: 1 });
  }
}

describe('kill -9 at a random moment (R63)', () => {
  it(`loses no acknowledged change and leaves an intact file, ${ROUNDS} rounds`, { timeout: 120_000 }, async () => {
    const database = join(tempDir(), 'crash.db');
    for (let round = 0; round < ROUNDS; round++) {
      const acks = await runAndKill(database, round);
      expect(acks.length, `round ${round}`).toBeGreaterThan(0);
      const db = openDatabase(database); // the server's own open: quick_check, recovery of the WAL
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expectAcknowledged(db, acks.at(-1)!);
        // Every acknowledged failed sign-in bumped its own counter.
        for (const ack of acks) {
          const row = db.prepare('SELECT failures FROM throttles WHERE key = ?').get(accountThrottleKey(ack.email)) as
            { failures: number } | undefined;
          expect(row?.failures, ack.email).toBe(1);
        }
        expect(verifyAuditChain(db)).toMatchObject({ ok: true });
      } finally {
        db.close();
      }
    }
  });
});
