// Failure counters that slow down guessing (DESIGN.md §5.6, SECURITY.md R41–R44). They live in
// SQLite, so IPC and HTTP share them and a restart does not reset them. Keys are opaque strings:
// `acct:<normalized email>`, `ip:<address>`, `dev:<device id>`. Unknown emails are counted exactly
// like known ones, so being throttled reveals nothing about whether an account exists.
import type { Db } from '../db/open.ts';
import type { Clock } from '../clock.ts';

export interface ThrottleRule {
  key: string;
  /** Consecutive failures allowed before the key is locked. */
  threshold: number;
}

export interface ThrottlePolicy {
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  windowSeconds: number;
}

interface Row {
  key: string;
  failures: number;
  first_failure_at: number;
  last_failure_at: number;
  locked_until: number | null;
}

export class Throttle {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #policy: ThrottlePolicy;
  readonly #get;
  readonly #upsert;
  readonly #delete;
  constructor(db: Db, clock: Clock, policy: ThrottlePolicy) {
    this.#db = db;
    this.#clock = clock;
    this.#policy = policy;
    this.#get = db.prepare('SELECT * FROM throttles WHERE key = ?');
    this.#upsert = db.prepare(
      `INSERT INTO throttles (key, failures, first_failure_at, last_failure_at, locked_until)
       VALUES (@key, @failures, @first_failure_at, @last_failure_at, @locked_until)
       ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,
         first_failure_at = excluded.first_failure_at, last_failure_at = excluded.last_failure_at,
         locked_until = excluded.locked_until`,
    );
    this.#delete = db.prepare('DELETE FROM throttles WHERE key = ?');
  }

  /** Seconds until every key is unlocked, or 0 when none is locked now. */
  retryAfter(keys: readonly string[]): number {
    const now = this.#clock.now();
    let until = 0;
    for (const key of keys) {
      const row = this.#get.get(key) as Row | undefined;
      if (row?.locked_until && row.locked_until > now) until = Math.max(until, row.locked_until);
    }
    return until === 0 ? 0 : Math.ceil((until - now) / 1000);
  }

  /** Counts one failure against each rule; returns seconds locked if any rule now locks. */
  recordFailure(rules: readonly ThrottleRule[]): number {
    const now = this.#clock.now();
    const { baseDelaySeconds, maxDelaySeconds, windowSeconds } = this.#policy;
    let lockedFor = 0;
    this.#db
      .transaction(() => {
        for (const { key, threshold } of rules) {
          const row = this.#get.get(key) as Row | undefined;
          const stale =
            !row || (now - row.last_failure_at > windowSeconds * 1000 && !(row.locked_until && row.locked_until > now));
          const failures = stale ? 1 : row.failures + 1;
          let lockedUntil = stale ? null : row.locked_until;
          if (failures >= threshold) {
            // 30 s, 60 s, 120 s … doubling with each failure past the threshold, capped.
            const delay = Math.min(baseDelaySeconds * 2 ** (failures - threshold), maxDelaySeconds);
            lockedUntil = now + delay * 1000;
            lockedFor = Math.max(lockedFor, delay);
          }
          this.#upsert.run({
            key,
            failures,
            first_failure_at: stale ? now : row.first_failure_at,
            last_failure_at: now,
            locked_until: lockedUntil,
          });
        }
      })
      .immediate();
    return lockedFor;
  }

  reset(keys: readonly string[]): void {
    for (const key of keys) this.#delete.run(key);
  }

  failures(key: string): number {
    return (this.#get.get(key) as Row | undefined)?.failures ?? 0;
  }
}
