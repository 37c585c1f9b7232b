// Bounds how much expensive work runs at once; the rest waits its turn in arrival order, in a line
// of bounded length: past it, work is refused at once rather than queued without end (R8).

export class QueueFullError extends Error {
  constructor() {
    super('too much work is waiting');
    this.name = 'QueueFullError';
  }
}

export class Semaphore {
  #available: number;
  readonly #waiting: Array<() => void> = [];
  readonly limit: number;
  readonly maxQueued: number;
  constructor(limit: number, maxQueued = Number.POSITIVE_INFINITY) {
    this.limit = limit;
    this.maxQueued = maxQueued;
    this.#available = limit;
  }

  get inFlight(): number {
    return this.limit - this.#available;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  /** Runs `task` when a slot is free; throws QueueFullError, without running it, if the line is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#available > 0) this.#available -= 1;
    else if (this.#waiting.length >= this.maxQueued) throw new QueueFullError();
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#available += 1;
    }
  }
}
