// Time comes from here and nowhere else, so expiry can be tested by moving a clock, not by waiting.

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Only on clocks that jump (ManualClock, dev mode's OffsetClock): calls `listener` after each
   * move, so a timer set for a moment on this clock can look again at once instead of waiting for
   * real time to pass. Returns the function that stops listening.
   */
  onMove?(listener: () => void): () => void;
}

/** A clock dev mode can move forward, and back to where it stands for the real time (`dev.clock`). */
export interface MovableClock extends Clock {
  advance(ms: number): void;
  reset(): void;
}

export const isMovable = (clock: Clock): clock is MovableClock =>
  typeof (clock as Partial<MovableClock>).advance === 'function' &&
  typeof (clock as Partial<MovableClock>).reset === 'function';

/** The listeners a jumping clock calls after each move. */
class MoveListeners {
  readonly #listeners = new Set<() => void>();
  add(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock for tests and dev mode: starts where told and moves only when asked. */
export class ManualClock implements MovableClock {
  #now: number;
  readonly #moves = new MoveListeners();
  readonly #start: number;
  constructor(start: number = Date.UTC(2026, 0, 1)) {
    this.#now = start;
    this.#start = start;
  }
  now(): number {
    return this.#now;
  }
  advance(ms: number): void {
    this.#now += ms;
    this.#moves.notify();
  }
  set(ms: number): void {
    this.#now = ms;
    this.#moves.notify();
  }
  onMove(listener: () => void): () => void {
    return this.#moves.add(listener);
  }
  /** Back to where it started (dev mode's reset, where this clock stands in for the real one). */
  reset(): void {
    this.#now = this.#start;
    this.#moves.notify();
  }
}

/** A real clock shifted by an offset that dev mode can move forward, and reset. */
export class OffsetClock implements MovableClock {
  #offset = 0;
  readonly #base: Clock;
  readonly #moves = new MoveListeners();
  constructor(base: Clock = systemClock) {
    this.#base = base;
  }
  now(): number {
    return this.#base.now() + this.#offset;
  }
  advance(ms: number): void {
    this.#offset += ms;
    this.#moves.notify();
  }
  onMove(listener: () => void): () => void {
    return this.#moves.add(listener);
  }
  /** Back to the real time: authenticator apps read the real clock, so their codes match again. */
  reset(): void {
    this.#offset = 0;
    this.#moves.notify();
  }
}

export const toIso = (ms: number): string => new Date(ms).toISOString();
export const toSeconds = (ms: number): number => Math.floor(ms / 1000);
