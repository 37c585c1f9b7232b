// A Latchkey element with a form: one call at a time, its error kept for the error region, and a
// RATE_LIMITED (or TOO_MANY_ATTEMPTS) wait counted down before the form can be sent again. Each
// call fires `latchkey-action` (bubbling, composed) as it starts, so a screen made of several forms
// can clear what its other forms said before.
import { html, type PropertyDeclarations } from 'lit';
import type { ApiError } from '../../shared/errors.ts';
import { isApiError, toApiError } from '../lib/api-error.ts';
import { Countdown } from '../lib/countdown.ts';
import { busyLabel, busyStatus } from './busy.ts';
import { errorRegion } from './fields.ts';
import { LatchkeyElement } from './base.ts';

/** A form's submit listener: the page stays where it is and `run` sends the form instead. */
export function onSubmit(run: () => Promise<void> | void): (e: Event) => void {
  return (e: Event) => {
    e.preventDefault();
    void run();
  };
}

export class FormElement extends LatchkeyElement {
  static override properties: PropertyDeclarations = {
    busy: { state: true },
    error: { state: true },
  };

  declare busy: boolean;
  declare error: ApiError | undefined;
  /** Which of the element's buttons started the call in flight (see `run`). */
  #action: string | undefined;
  protected readonly retry = new Countdown(this, () => {
    if (this.error?.retryAfter) this.error = undefined;
  });

  constructor() {
    super();
    this.busy = false;
    this.error = undefined;
  }

  /** True while a call is in flight or the server asked us to wait. */
  get blocked(): boolean {
    return this.busy || this.retry.running;
  }

  /**
   * Runs one call; a failure lands in `error` (and its wait in the countdown) instead of throwing.
   * `action` names the button that started it, so that button alone shows it is waiting.
   */
  protected async run<T>(work: () => Promise<T>, action = 'submit'): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.#action = action;
    this.emit('latchkey-action');
    this.busy = true;
    this.error = undefined;
    try {
      return await work();
    } catch (caught) {
      const error = isApiError(caught) ? caught : toApiError(caught);
      this.error = error;
      if (error.retryAfter) this.retry.start(error.retryAfter);
      this.failed(error);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  /** True while the call `action` started is in flight. */
  protected waitingOn(action = 'submit'): boolean {
    return this.busy && this.#action === action;
  }

  /** A waiting button's content (spinner and label); give the button `aria-busy` from `waitingOn`. */
  protected busyLabel(label: string, action = 'submit') {
    return busyLabel(this.waitingOn(action), label);
  }

  /** The form's "Working…" line for screen readers, announced while a call is in flight. */
  protected busyRegion() {
    return busyStatus(this.busy);
  }

  /**
   * The form's main button: shows its call in flight, disabled while blocked (or when `disabled`).
   * Full width unless `className` says otherwise (a button in a row beside others).
   */
  protected submitButton(label: string, disabled = false, className = 'primary block') {
    return html`<button
      class=${className}
      type="submit"
      aria-busy=${this.waitingOn() ? 'true' : 'false'}
      ?disabled=${this.blocked || disabled}
    >
      ${this.busyLabel(label)}
    </button>`;
  }

  /** A hook for screens that react to particular codes (captcha, re-authentication). */
  protected failed(_error: ApiError): void {}

  /** A per-field message the server sent with VALIDATION_ERROR. */
  protected serverFieldError(name: string): string | undefined {
    return this.error?.code === 'VALIDATION_ERROR' ? this.error.details?.[name] : undefined;
  }

  /** The form's error line; a VALIDATION_ERROR about fields is shown at those fields instead. */
  protected errorRegion() {
    const atFields = this.error?.code === 'VALIDATION_ERROR' && (this.error.details || this.error.reason);
    return errorRegion(atFields ? undefined : this.error, this.retry.remaining);
  }
}
