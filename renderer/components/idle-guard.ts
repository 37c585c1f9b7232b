// <latchkey-idle-guard>: kiosk privacy. After `idle-minutes` without input it warns, counting down
// `warning-seconds`, then fires `latchkey-idle-timeout` (the app signs out). Any input before the
// warning, or "Stay signed in" during it, starts the wait again.
import { css, html } from 'lit';
import { clock, t } from '../i18n/i18n.ts';
import { LatchkeyElement } from '../ui/base.ts';

const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'mousemove'] as const;

export class IdleGuard extends LatchkeyElement {
  static override properties = {
    idleMinutes: { type: Number, attribute: 'idle-minutes' },
    warningSeconds: { type: Number, attribute: 'warning-seconds' },
    warning: { state: true },
  };

  static override styles = [
    ...LatchkeyElement.styles,
    css`
      dialog {
        max-width: min(28rem, calc(100vw - 2rem));
        border: 1px solid var(--lk-border);
        border-radius: var(--lk-radius);
        background: var(--lk-surface);
        color: var(--lk-text);
        box-shadow: var(--lk-shadow);
        padding: 1.5rem;
      }
      dialog::backdrop {
        background: rgb(10 14 22 / 55%);
      }
      .count {
        font-size: 2.2rem;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
        margin: 0.5rem 0 1rem;
      }
    `,
  ];

  declare idleMinutes: number;
  declare warningSeconds: number;
  declare warning: boolean;
  #lastActivity = Date.now();
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #onActivity = () => {
    if (!this.warning) this.#lastActivity = Date.now();
  };

  constructor() {
    super();
    this.idleMinutes = 2;
    this.warningSeconds = 30;
    this.warning = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#lastActivity = Date.now();
    for (const type of ACTIVITY) window.addEventListener(type, this.#onActivity, { passive: true, capture: true });
    this.#timer = setInterval(() => this.#check(), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const type of ACTIVITY) window.removeEventListener(type, this.#onActivity, { capture: true });
    clearInterval(this.#timer);
  }

  get #remaining(): number {
    return (this.#lastActivity + this.idleMinutes * 60_000 - Date.now()) / 1000;
  }

  #check(): void {
    const remaining = this.#remaining;
    if (remaining <= 0) {
      this.#close();
      this.emit('latchkey-idle-timeout');
      this.#lastActivity = Date.now();
      return;
    }
    if (remaining <= this.warningSeconds && !this.warning) {
      this.warning = true;
      void this.updateComplete.then(() => {
        const dialog = this.renderRoot.querySelector('dialog');
        if (dialog && !dialog.open) dialog.showModal();
        this.renderRoot.querySelector<HTMLElement>('[data-autofocus]')?.focus();
      });
    }
    this.requestUpdate();
  }

  #stay(): void {
    this.#close();
    this.#lastActivity = Date.now();
  }

  #close(): void {
    this.warning = false;
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog?.open) dialog.close();
  }

  protected override render() {
    return html`<dialog
      aria-labelledby="idle-title"
      aria-describedby="idle-body"
      @cancel=${(e: Event) => {
        e.preventDefault();
        this.#stay();
      }}
    >
      <h2 id="idle-title">${t('kiosk.idleTitle')}</h2>
      <p id="idle-body">${t('kiosk.idleBody', { time: clock(this.#remaining) })}</p>
      <p class="count" aria-hidden="true">${clock(this.#remaining)}</p>
      <div class="row">
        <button type="button" class="primary" data-autofocus @click=${() => this.#stay()}>${t('kiosk.stay')}</button>
        <button type="button" @click=${() => this.emit('latchkey-idle-timeout')}>${t('kiosk.signOutNow')}</button>
      </div>
    </dialog>`;
  }
}

customElements.define('latchkey-idle-guard', IdleGuard);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-idle-guard': IdleGuard;
  }
}
