// A ticking countdown for a Lit element (resend cooldowns, RATE_LIMITED, the idle warning).
// It counts against the wall clock, so a throttled background tab still shows the right number.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class Countdown implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #onDone: (() => void) | undefined;
  #deadline = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost, onDone?: () => void) {
    this.#host = host;
    this.#onDone = onDone;
    host.addController(this);
  }

  /** Seconds left, rounded up; 0 when not running. */
  get remaining(): number {
    return Math.max(0, Math.ceil((this.#deadline - Date.now()) / 1000));
  }

  get running(): boolean {
    return this.remaining > 0;
  }

  start(seconds: number): void {
    this.#deadline = Date.now() + seconds * 1000;
    this.#tick();
  }

  stop(): void {
    this.#deadline = 0;
    this.#clear();
    this.#host.requestUpdate();
  }

  hostConnected(): void {
    if (this.running) this.#tick();
  }

  hostDisconnected(): void {
    this.#clear();
  }

  #tick(): void {
    this.#clear();
    this.#host.requestUpdate();
    if (!this.running) return;
    this.#timer = setInterval(() => {
      this.#host.requestUpdate();
      if (this.running) return;
      this.#clear();
      this.#onDone?.();
    }, 250);
  }

  #clear(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
