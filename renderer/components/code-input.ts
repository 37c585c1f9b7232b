// <latchkey-code-input>: six boxes for a one-time code. Typing fills a box and moves on, non-digits
// are ignored, a pasted (or autofilled) code spreads over the boxes, Backspace on an empty box goes
// back and clears the previous one. Fires `code-change` on every change and `code-complete` with
// the full code once all six are filled.
import { css, html, type PropertyValues } from 'lit';
import { t } from '../i18n/i18n.ts';
import { LatchkeyElement } from '../ui/base.ts';

export const CODE_LENGTH = 6;

export class CodeInput extends LatchkeyElement {
  static override properties = {
    value: { type: String },
    label: { type: String },
    disabled: { type: Boolean, reflect: true },
    invalid: { type: Boolean, reflect: true },
    describedBy: { type: String, attribute: 'described-by' },
  };

  static override styles = [
    ...LatchkeyElement.styles,
    css`
      :host {
        display: block;
      }
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
        min-width: 0;
      }
      legend {
        font-weight: var(--lk-semibold);
        margin-bottom: 0.5rem;
        padding: 0;
      }
      .boxes {
        display: grid;
        grid-template-columns: repeat(6, minmax(0, 1fr));
        gap: clamp(0.3rem, 2vw, 0.75rem);
        max-width: 26rem;
      }
      .boxes input {
        width: 100%;
        min-width: 0;
        height: clamp(52px, 14vw, 4rem);
        padding: 0;
        text-align: center;
        font: inherit;
        font-family: var(--lk-mono);
        font-size: clamp(1.4rem, 6vw, 1.9rem);
        font-weight: var(--lk-semibold);
        color: var(--lk-text);
        background: var(--lk-surface);
        border: 1.5px solid var(--lk-border);
        border-radius: 10px;
        caret-color: var(--lk-accent);
      }
      .boxes input:focus-visible {
        outline: 3px solid var(--lk-focus);
        outline-offset: 1px;
        border-color: var(--lk-focus);
      }
      :host([invalid]) .boxes input {
        border-color: var(--lk-danger);
      }
    `,
  ];

  declare value: string;
  declare label: string;
  declare disabled: boolean;
  declare invalid: boolean;
  declare describedBy: string;

  constructor() {
    super();
    this.value = '';
    this.label = '';
    this.disabled = false;
    this.invalid = false;
    this.describedBy = '';
  }

  get #boxes(): HTMLInputElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLInputElement>('.boxes input')];
  }

  #digits(): string[] {
    return Array.from({ length: CODE_LENGTH }, (_, i) => this.value[i] ?? '');
  }

  /** Focuses the first empty box (or the last one when all are full). */
  override focus(): void {
    const boxes = this.#boxes;
    const index = Math.min(this.value.length, CODE_LENGTH - 1);
    boxes[index]?.focus();
  }

  clear(): void {
    this.#set('');
    void this.updateComplete.then(() => this.focus());
  }

  #set(next: string, focusIndex?: number): void {
    const cleaned = next.replace(/\D/g, '').slice(0, CODE_LENGTH);
    const changed = cleaned !== this.value;
    this.value = cleaned;
    // Keep the DOM in step even when Lit sees no change (a rejected letter must vanish).
    this.#boxes.forEach((box, i) => (box.value = cleaned[i] ?? ''));
    if (focusIndex !== undefined) this.#boxes[Math.max(0, Math.min(focusIndex, CODE_LENGTH - 1))]?.focus();
    if (!changed) return;
    this.dispatchEvent(new CustomEvent('code-change', { detail: cleaned, bubbles: true, composed: true }));
    if (cleaned.length === CODE_LENGTH) {
      this.dispatchEvent(new CustomEvent('code-complete', { detail: cleaned, bubbles: true, composed: true }));
    }
  }

  /** Writes digits starting at box `index`, as typing or pasting them there would. */
  #writeAt(index: number, text: string): void {
    const incoming = text.replace(/\D/g, '');
    if (!incoming) return;
    // A whole code always fills from the first box, wherever it lands; boxes never leave gaps.
    const start = incoming.length >= CODE_LENGTH ? 0 : Math.min(index, this.value.length);
    const next = this.value.slice(0, start) + incoming + this.value.slice(start + incoming.length);
    this.#set(next, start + incoming.length);
  }

  #onInput(event: Event, index: number): void {
    const box = event.target as HTMLInputElement;
    const typed = box.value;
    const previous = this.value[index] ?? '';
    if (typed === '') {
      // A keyboard that deletes without a Backspace keydown (some on-screen ones).
      this.#set(this.value.slice(0, index) + this.value.slice(index + 1), index);
      return;
    }
    // The box held at most one digit; what else is there now was typed or autofilled.
    let fresh = typed;
    if (previous && typed.length > previous.length) {
      if (typed.startsWith(previous)) fresh = typed.slice(previous.length);
      else if (typed.endsWith(previous)) fresh = typed.slice(0, -previous.length);
    }
    if (!/\d/.test(fresh)) {
      box.value = previous;
      return;
    }
    this.#writeAt(index, fresh);
  }

  #onPaste(event: ClipboardEvent, index: number): void {
    event.preventDefault();
    const text = event.clipboardData?.getData('text') ?? '';
    if (/\d/.test(text)) this.#writeAt(Math.min(index, this.value.length), text);
  }

  #onKeyDown(event: KeyboardEvent, index: number): void {
    const boxes = this.#boxes;
    if (event.key === 'Backspace') {
      event.preventDefault();
      const digits = this.#digits();
      if (digits[index]) {
        digits.splice(index, 1);
        this.#set(digits.join(''), index);
      } else if (index > 0) {
        digits.splice(index - 1, 1);
        this.#set(digits.join(''), index - 1);
      }
    } else if (event.key === 'Delete') {
      event.preventDefault();
      const digits = this.#digits();
      digits.splice(index, 1);
      this.#set(digits.join(''), index);
    } else if (event.key === 'ArrowLeft' && index > 0) {
      event.preventDefault();
      boxes[index - 1]?.focus();
    } else if (event.key === 'ArrowRight' && index < Math.min(this.value.length, CODE_LENGTH - 1)) {
      event.preventDefault();
      boxes[index + 1]?.focus();
    } else if (event.key === 'Home') {
      event.preventDefault();
      boxes[0]?.focus();
    } else if (event.key === 'End') {
      event.preventDefault();
      this.focus();
    }
  }

  #onFocus(event: FocusEvent, index: number): void {
    // Never leave a gap: focusing a box past the first empty one goes to the first empty one.
    if (index > this.value.length) {
      this.#boxes[this.value.length]?.focus();
      return;
    }
    (event.target as HTMLInputElement).select();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('value')) this.#boxes.forEach((box, i) => (box.value = this.value[i] ?? ''));
  }

  protected override render() {
    const digits = this.#digits();
    return html`<fieldset ?disabled=${this.disabled}>
      <legend>${this.label || t('code.label')}</legend>
      <div class="boxes">
        ${digits.map(
          (digit, i) =>
            html`<input
              type="text"
              inputmode="numeric"
              pattern="[0-9]*"
              maxlength=${i === 0 ? CODE_LENGTH : 2}
              autocomplete=${i === 0 ? 'one-time-code' : 'off'}
              aria-label=${t('code.digit', { n: i + 1 })}
              aria-invalid=${this.invalid ? 'true' : 'false'}
              aria-describedby=${this.describedBy || ''}
              .value=${digit}
              ?data-autofocus=${i === 0}
              @input=${(e: Event) => this.#onInput(e, i)}
              @paste=${(e: ClipboardEvent) => this.#onPaste(e, i)}
              @keydown=${(e: KeyboardEvent) => this.#onKeyDown(e, i)}
              @focus=${(e: FocusEvent) => this.#onFocus(e, i)}
            />`,
        )}
      </div>
    </fieldset>`;
  }
}

customElements.define('latchkey-code-input', CodeInput);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-code-input': CodeInput;
  }
}
