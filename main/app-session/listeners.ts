// Listeners told of a change one by one: one that throws (a closed window, a faulty host callback)
// must not keep the others, or the app session itself, from going on.
export class Listeners<T> {
  readonly #listeners = new Set<(value: T) => void>();

  add(listener: (value: T) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  tell(value: T): void {
    for (const listener of this.#listeners) {
      try {
        listener(value);
      } catch {
        // Swallowed: see above.
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
