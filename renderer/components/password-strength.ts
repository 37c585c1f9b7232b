// <latchkey-password-strength>: a five-step meter and a word for it. Fires `strength-change` with
// the score, so the form can say before sending that the server would refuse a common password.
import { css, html, type PropertyValues } from 'lit';
import { t } from '../i18n/i18n.ts';
import { MIN_ACCEPTED_SCORE, passwordScore } from '../lib/password-strength.ts';
import { LatchkeyElement } from '../ui/base.ts';

export class PasswordStrength extends LatchkeyElement {
  static override properties = {
    password: { type: String },
    userInputs: { attribute: false },
    score: { state: true },
  };

  static override styles = [
    ...LatchkeyElement.styles,
    css`
      :host {
        display: block;
      }
      .meter {
        display: grid;
        grid-template-columns: repeat(5, 1fr);
        gap: 4px;
        margin-top: 0.5rem;
      }
      .meter span {
        height: 6px;
        border-radius: 3px;
        background: var(--lk-border);
      }
      .meter[data-score='0'] span.on,
      .meter[data-score='1'] span.on {
        background: var(--lk-danger);
      }
      .meter[data-score='2'] span.on {
        background: #c77700;
      }
      .meter[data-score='3'] span.on,
      .meter[data-score='4'] span.on {
        background: var(--lk-ok);
      }
      p {
        margin: 0.35rem 0 0;
        font-size: 0.9rem;
      }
      .weak {
        color: var(--lk-danger);
      }
    `,
  ];

  declare password: string;
  declare userInputs: string[];
  declare score: number | undefined;
  #asked = 0;

  constructor() {
    super();
    this.password = '';
    this.userInputs = [];
    this.score = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (!changed.has('password') && !changed.has('userInputs')) return;
    const asked = ++this.#asked;
    if (!this.password) {
      this.score = undefined;
      this.dispatchEvent(new CustomEvent('strength-change', { detail: undefined, bubbles: true, composed: true }));
      return;
    }
    void passwordScore(this.password, this.userInputs).then((score) => {
      if (asked !== this.#asked) return;
      this.score = score;
      this.dispatchEvent(new CustomEvent('strength-change', { detail: score, bubbles: true, composed: true }));
    });
  }

  protected override render() {
    if (this.score === undefined || !this.password) return html``; // not `nothing`: one return type keeps the API report stable
    const score = this.score;
    const level = t(`strength.${score}` as 'strength.0');
    return html`<div class="meter" data-score=${score} aria-hidden="true">
        ${[0, 1, 2, 3, 4].map((i) => html`<span class=${i <= score ? 'on' : ''}></span>`)}
      </div>
      <p class=${score < MIN_ACCEPTED_SCORE ? 'weak' : 'muted'} aria-live="polite">
        ${t('strength.label', { level })}
      </p>`;
  }
}

customElements.define('latchkey-password-strength', PasswordStrength);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-password-strength': PasswordStrength;
  }
}
