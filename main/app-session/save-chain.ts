// The app session's saves to disk, one after another in the order of the changes: sealing is
// asynchronous, and an older snapshot must never land after a newer one. A failed save is logged
// (its error's name only) and the chain goes on.
import type { Logger } from '../server/logger.ts';

export class SaveChain {
  readonly #logger: Logger | undefined;
  #saving: Promise<void> = Promise.resolve();

  constructor(logger: Logger | undefined) {
    this.#logger = logger;
  }

  /** Queues `save` after every save queued before it; `failure` is the log line if it throws. */
  then(save: () => Promise<void> | void, failure: string): void {
    this.#saving = this.#saving.then(save).catch((error: unknown) => {
      this.#logger?.log('error', failure, { error: error instanceof Error ? error.name : 'unknown' });
    });
  }

  /** Resolves once every save queued so far has landed (or failed). */
  done(): Promise<void> {
    return this.#saving;
  }
}
