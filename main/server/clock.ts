// Time comes from here and nowhere else, so expiry can be tested by moving a clock, not by waiting.

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock for tests and dev mode: starts where told and moves only when asked. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: number = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  advance(ms: number): void {
    this.#now += ms;
  }
  set(ms: number): void {
    this.#now = ms;
  }
}

/** A real clock shifted by an offset that dev mode can move forward. */
export class OffsetClock implements Clock {
  #offset = 0;
  readonly #base: Clock;
  constructor(base: Clock = systemClock) {
    this.#base = base;
  }
  now(): number {
    return this.#base.now() + this.#offset;
  }
  advance(ms: number): void {
    this.#offset += ms;
  }
}

export const toIso = (ms: number): string => new Date(ms).toISOString();
export const toSeconds = (ms: number): number => Math.floor(ms / 1000);
