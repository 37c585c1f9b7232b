// Exclusive checkout of items (users, refresh-token chains) so two in-flight operations never
// share one; waiters are served in arrival order.
export class Checkout<T> {
  readonly #free: T[];
  readonly #waiting: Array<(item: T) => void> = [];

  constructor(items: Iterable<T>) {
    this.#free = [...items];
  }

  get size(): number {
    return this.#free.length;
  }

  take(): Promise<T> {
    const item = this.#free.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  give(item: T): void {
    const waiter = this.#waiting.shift();
    if (waiter) waiter(item);
    else this.#free.push(item);
  }

  /** Runs `fn` with an item checked out, and returns it afterwards even when `fn` fails. */
  async with<R>(fn: (item: T) => Promise<R>): Promise<R> {
    const item = await this.take();
    try {
      return await fn(item);
    } finally {
      this.give(item);
    }
  }
}
