// <latchkey-captcha>: the picture puzzle the server asks for before sending a code when it sees
// too many failures. Fetches its own challenge; fires `captcha-change` with {captchaId, answer}.
import { css, html, nothing } from 'lit';
import type { CaptchaChallenge } from '../../shared/types.ts';
import { t } from '../i18n/i18n.ts';
import { FormElement } from '../ui/form-element.ts';

export interface CaptchaAnswer {
  captchaId: string;
  answer: string;
}

export class CaptchaBox extends FormElement {
  static override properties = {
    challenge: { state: true },
    answer: { state: true },
  };

  static override styles = [
    ...FormElement.styles,
    css`
      :host {
        display: block;
      }
      .puzzle {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.75rem;
        margin-bottom: 0.75rem;
      }
      img {
        width: 11.25rem;
        max-width: 100%;
        height: auto;
        aspect-ratio: 3 / 1;
        background: #fff;
        border: 1px solid var(--lk-border);
        border-radius: 8px;
      }
      input {
        text-transform: uppercase;
        letter-spacing: 0.2em;
        font-family: var(--lk-mono);
      }
    `,
  ];

  declare challenge: CaptchaChallenge | undefined;
  declare answer: string;

  constructor() {
    super();
    this.challenge = undefined;
    this.answer = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  /** A fresh picture (each one buys a single try). */
  async reload(): Promise<void> {
    this.answer = '';
    this.#changed();
    const challenge = await this.run(() => this.client.call((api) => api.auth.requestCaptcha.mutate()));
    if (challenge) {
      this.challenge = challenge;
      this.#changed();
    }
  }

  override focus(): void {
    this.renderRoot.querySelector<HTMLInputElement>('input')?.focus();
  }

  #changed(): void {
    const detail: CaptchaAnswer = { captchaId: this.challenge?.captchaId ?? '', answer: this.answer.trim() };
    this.dispatchEvent(new CustomEvent('captcha-change', { detail, bubbles: true, composed: true }));
  }

  protected override render() {
    const src = this.challenge ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(this.challenge.svg)}` : '';
    return html`<div class="stack">
      <p class="label" id="captcha-title">${t('captcha.title')}</p>
      <div class="puzzle">
        ${src ? html`<img src=${src} alt=${t('captcha.image')} />` : nothing}
        <button
          type="button"
          class="link"
          aria-busy=${this.waitingOn() ? 'true' : 'false'}
          @click=${() => void this.reload()}
          ?disabled=${this.busy}
        >
          ${this.busyLabel(t('captcha.refresh'))}
        </button>
      </div>
      <div class="field">
        <label for="captcha-answer">${t('captcha.label')}</label>
        <input
          id="captcha-answer"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck="false"
          maxlength="16"
          .value=${this.answer}
          @input=${(e: Event) => {
            this.answer = (e.target as HTMLInputElement).value;
            this.#changed();
          }}
        />
      </div>
      ${this.errorRegion()} ${this.busyRegion()}
    </div>`;
  }
}

customElements.define('latchkey-captcha', CaptchaBox);

/** After the server asked for a captcha: a fresh picture if one was already used, and focus on it. */
export async function showCaptcha(root: ParentNode, alreadyShown: boolean): Promise<void> {
  const box = root.querySelector('latchkey-captcha');
  if (!box) return;
  await box.updateComplete;
  if (alreadyShown) await box.reload();
  box.focus();
}

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-captcha': CaptchaBox;
  }
}
