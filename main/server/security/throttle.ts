// Failure counters that slow down guessing (docs/security.md R41–R44). They live in
// SQLite, so IPC and HTTP share them and a restart does not reset them. Keys are opaque strings:
// `acct:<normalized email>`, `ip:<address>`, `dev:<device id>`… Unknown emails are counted exactly
// like known ones, so being throttled reveals nothing about whether an account exists.
//
// An attempt whose check is slow (a password hash, a TOTP code) is charged before it is evaluated,
// in one immediate transaction with the lock check: however many arrive at once, no more than the
// threshold are ever evaluated in a lock window. A success then gives its charge back.
import type { Db } from '../db/open.ts';
import type { Clock } from '../clock.ts';

export interface ThrottlePolicy {
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  windowSeconds: number;
}

export interface ThrottleRule {
  key: string;
  /** Consecutive failures allowed before the key is locked. */
  threshold: number;
  /** This key's delays, when they are not the throttle's own (a fixed lock, say). */
  policy?: ThrottlePolicy | undefined;
  /** false: the attempt counts against the key, but a lock on it does not refuse the attempt. */
  gates?: boolean | undefined;
}

/** One attempt's charge, to give back if it succeeds or is never evaluated. */
export interface Charge {
  readonly entries: ReadonlyArray<{
    rule: ThrottleRule;
    /** The lock this charge set (0: none), and the one it replaced. */
    lockedUntil: number;
    previousLock: number | null;
    /** Seconds of the lock this charge set, 0 if none. */
    lockedFor: number;
  }>;
}

/**
 * `locked_until` of a lock that only an admin unlock (reset) lifts: a reported email change
 * (docs/security.md R75). No failure count replaces it and no refund lifts it.
 */
export const HELD_UNTIL = Number.MAX_SAFE_INTEGER;

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
  readonly #deleteUnlessHeld;
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
    this.#deleteUnlessHeld = db.prepare(
      'DELETE FROM throttles WHERE key = ? AND (locked_until IS NULL OR locked_until <> ?)',
    );
  }

  /**
   * Seconds until every key is unlocked, or 0 when none is locked now. A held lock reports itself as
   * a run of the longest ordinary lock, from the hold on: it counts down as every lock does (a wait
   * with no end, or one that never moves, would tell that the account exists and was reported), and
   * asking again once it ends only meets the next run.
   */
  retryAfter(keys: readonly string[]): number {
    const now = this.#clock.now();
    let until = 0;
    for (const key of keys) {
      const row = this.#get.get(key) as Row | undefined;
      if (!row?.locked_until || row.locked_until <= now) continue;
      until = Math.max(until, row.locked_until === HELD_UNTIL ? this.#heldRunEnd(row, now) : row.locked_until);
    }
    return until === 0 ? 0 : Math.ceil((until - now) / 1000);
  }

  #heldRunEnd(row: Row, now: number): number {
    const run = this.#policy.maxDelaySeconds * 1000;
    return now + run - ((now - row.last_failure_at) % run);
  }

  /**
   * Atomically: refuses the attempt (seconds to wait) while a gating key is locked, and otherwise
   * counts it as a failure against every rule at once. Give the charge back with refund().
   */
  charge(rules: readonly ThrottleRule[]): { retryAfter: number } | { charge: Charge } {
    return this.#db
      .transaction(() => {
        const retryAfter = this.retryAfter(rules.filter((rule) => rule.gates !== false).map((rule) => rule.key));
        if (retryAfter > 0) return { retryAfter };
        return { charge: { entries: rules.map((rule) => this.#count(rule)) } };
      })
      .immediate();
  }

  /**
   * Gives a charge back: the attempt succeeded, or was never evaluated. A lock it set is lifted.
   * Inside a caller's transaction it joins it (a sign-in commits the refund with its session);
   * otherwise it is a transaction of its own.
   */
  refund(charge: Charge): void {
    if (this.#db.inTransaction) this.#giveBack(charge);
    else this.#db.transaction(() => this.#giveBack(charge)).immediate();
  }

  /** Counts one failure against each rule; returns seconds locked if any rule now locks. */
  recordFailure(rules: readonly ThrottleRule[]): number {
    return this.#db.transaction(() => Math.max(0, ...rules.map((rule) => this.#count(rule).lockedFor))).immediate();
  }

  /** Locks every key until unlock() (an admin unlock) lifts it; the wait it reports is unbounded. */
  hold(keys: readonly string[]): void {
    const now = this.#clock.now();
    this.#db
      .transaction(() => {
        for (const key of keys) {
          const row = this.#get.get(key) as Row | undefined;
          this.#upsert.run({
            key,
            failures: row?.failures ?? 0,
            first_failure_at: row?.first_failure_at ?? now,
            last_failure_at: now,
            locked_until: HELD_UNTIL,
          });
        }
      })
      .immediate();
  }

  /** Inside a transaction: the counter on `from`, failures and lock, now counts for `to` instead. */
  move(from: string, to: string): void {
    const row = this.#get.get(from) as Row | undefined;
    if (!row) return;
    this.#delete.run(from);
    this.#upsert.run({ ...row, key: to });
  }

  /**
   * A success ends each key's failure streak, and the lock the streak set. A held lock stays: only
   * unlock() lifts it, so no sign-in, code or link that was already out can end a report's hold.
   */
  clearFailures(keys: readonly string[]): void {
    for (const key of keys) this.#deleteUnlessHeld.run(key, HELD_UNTIL);
  }

  /** An admin unlock: every key's count and lock go, a held lock too. */
  unlock(keys: readonly string[]): void {
    for (const key of keys) this.#delete.run(key);
  }

  /** Whether the key is held (see hold()). */
  isHeld(key: string): boolean {
    return (this.#get.get(key) as Row | undefined)?.locked_until === HELD_UNTIL;
  }

  failures(key: string): number {
    return (this.#get.get(key) as Row | undefined)?.failures ?? 0;
  }

  #giveBack(charge: Charge): void {
    for (const { rule, lockedUntil, previousLock } of charge.entries) {
      const row = this.#get.get(rule.key) as Row | undefined;
      if (!row) continue; // cleared meanwhile
      if (row.failures <= 1 && row.locked_until !== HELD_UNTIL) {
        this.#delete.run(rule.key);
        continue;
      }
      const ownLock = lockedUntil !== 0 && row.locked_until === lockedUntil;
      this.#upsert.run({
        ...row,
        failures: row.failures - 1,
        locked_until: ownLock ? previousLock : row.locked_until,
      });
    }
  }

  /** Inside a transaction: one more failure on the rule's key, locking it from the threshold on. */
  #count(rule: ThrottleRule): Charge['entries'][number] {
    const now = this.#clock.now();
    const { baseDelaySeconds, maxDelaySeconds, windowSeconds } = rule.policy ?? this.#policy;
    const row = this.#get.get(rule.key) as Row | undefined;
    const stale =
      !row || (now - row.last_failure_at > windowSeconds * 1000 && !(row.locked_until && row.locked_until > now));
    const failures = stale ? 1 : row.failures + 1;
    const previousLock = stale ? null : row.locked_until;
    let lockedUntil = 0;
    let lockedFor = 0;
    if (failures >= rule.threshold) {
      // 30 s, 60 s, 120 s … doubling with each failure past the threshold, capped.
      lockedFor = Math.min(baseDelaySeconds * 2 ** (failures - rule.threshold), maxDelaySeconds);
      lockedUntil = now + lockedFor * 1000;
    }
    this.#upsert.run({
      key: rule.key,
      failures,
      first_failure_at: stale ? now : row.first_failure_at,
      last_failure_at: now,
      // A longer lock already in place stands (a held one above all).
      locked_until: Math.max(lockedUntil, previousLock ?? 0) || null,
    });
    return { rule, lockedUntil, previousLock, lockedFor };
  }
}

/** Seconds of the lock a charge set on any of these keys (all keys when none are named). */
export function lockedBy(charge: Charge, keys?: readonly string[]): number {
  return Math.max(
    0,
    ...charge.entries.filter((entry) => !keys || keys.includes(entry.rule.key)).map((entry) => entry.lockedFor),
  );
}
