// <latchkey-magic-link>: where a sign-in link lands (`/auth/magic?token=…` in a browser, the app
// through `latchkey://`). It first asks who requested the link (auth.describeMagicLink, which does
// not use it) and shows the account, the device, its address and the time; only a press of
// "Yes, sign me in" uses the link, so a link someone else requested cannot sign this browser into
// their account unseen (docs/security.md R74). When this very tab asked (its nonce matches), it
// signs in at once. Then the second factor when the account has one. Fires `latchkey-signed-in`
// with the AuthResult and `redirectTo`, or `latchkey-back` to leave.
import { css, html, nothing } from 'lit';
import type { ApiError } from '../../shared/errors.ts';
import type { MagicLinkDescription } from '../../shared/magic-link.ts';
import type { AuthResult, SecondFactorChallenge, SignInResult } from '../../shared/types.ts';
import { dateTime, t } from '../i18n/i18n.ts';
import { card } from '../ui/card.ts';
import { statusRegion } from '../ui/fields.ts';
import { FormElement } from '../ui/form-element.ts';
import './totp-challenge.ts';

type Step = 'checking' | 'confirm' | 'invalid' | 'totp' | 'signing-in';

export interface MagicSignedIn {
  result: AuthResult;
  redirectTo: string | null;
}

export class MagicLink extends FormElement {
  static override properties = {
    token: { type: String },
    step: { state: true },
    described: { state: true },
    challenge: { state: true },
  };

  static override styles = [
    ...FormElement.styles,
    css`
      :host {
        display: block;
      }
      dl {
        margin: 0;
        display: grid;
        gap: 0.25rem;
        overflow-wrap: anywhere;
      }
      dd {
        margin: 0;
      }
      .actions {
        display: grid;
        gap: 0.5rem;
      }
    `,
  ];

  declare token: string;
  declare step: Step;
  declare described: MagicLinkDescription | undefined;
  declare challenge: SecondFactorChallenge['challenge'] | undefined;

  constructor() {
    super();
    this.token = '';
    this.step = 'checking';
    this.described = undefined;
    this.challenge = undefined;
  }

  protected override firstUpdated(): void {
    void this.#describe();
  }

  async #describe(): Promise<void> {
    const described = await this.run(() => this.client.describeMagicLink(this.token));
    if (!described) {
      this.step = 'invalid';
      return;
    }
    this.described = described;
    if (described.sameBrowser) await this.#verify();
    else this.step = 'confirm';
  }

  async #verify(): Promise<void> {
    this.step = 'signing-in';
    const result = await this.run(() => this.client.verifyMagicLink(this.token));
    if (!result) {
      this.step = 'invalid';
      return;
    }
    this.#handle(result);
  }

  #handle(result: SignInResult): void {
    if (result.requires2fa) {
      this.challenge = result.challenge;
      this.step = 'totp';
      return;
    }
    this.#finish(result);
  }

  #finish(result: AuthResult): void {
    this.client.signedIn(result);
    this.emit<MagicSignedIn>('latchkey-signed-in', { result, redirectTo: this.described?.redirectTo ?? null });
  }

  protected override failed(_error: ApiError): void {
    // Shown by the error region; the step says what can still be done.
  }

  protected override render() {
    switch (this.step) {
      case 'totp':
        return card(
          t('totp.title'),
          undefined,
          html`<latchkey-totp-challenge
            .challenge=${this.challenge}
            @latchkey-result=${(e: CustomEvent<AuthResult>) => this.#finish(e.detail)}
            @latchkey-back=${() => this.emit('latchkey-back')}
          ></latchkey-totp-challenge>`,
        );
      case 'confirm':
        return card(t('magic.title'), undefined, this.#confirm());
      case 'invalid':
        return card(
          t('magic.title'),
          undefined,
          html`<div class="stack">
            ${
              this.error?.code === 'CODE_INVALID'
                ? html`<div class="alert error" role="alert">${t('magic.invalid')}</div>`
                : this.errorRegion()
            }
            <button type="button" class="primary block" @click=${() => this.emit('latchkey-back')}>
              ${t('link.back')}
            </button>
          </div>`,
        );
      default:
        return card(
          t('magic.title'),
          undefined,
          statusRegion(this.step === 'checking' ? t('magic.checking') : t('magic.signingIn'), 'info'),
        );
    }
  }

  #confirm() {
    const described = this.described!;
    const { name, platform, ipAddress } = described.device;
    const device = [name, platform].filter(Boolean).join(' · ') || t('magic.unknownDevice');
    return html`<div class="stack">
      <dl class="requester">
        <dd>${t('magic.account', { email: described.email })}</dd>
        <dd>${t('magic.askedBy', { device })}</dd>
        <dd>${t('magic.askedAt', { time: dateTime(described.requestedAt) })}</dd>
        ${ipAddress ? html`<dd>${t('magic.address', { ip: ipAddress })}</dd>` : nothing}
      </dl>
      ${statusRegion(t('magic.warning'), 'info')} ${this.errorRegion()}
      <div class="actions">
        <button
          type="button"
          class="primary block"
          aria-busy=${this.busy ? 'true' : 'false'}
          ?disabled=${this.blocked}
          @click=${() => void this.#verify()}
        >
          ${t('magic.confirm')}
        </button>
        <button type="button" class="block" @click=${() => this.emit('latchkey-back')}>${t('magic.cancel')}</button>
      </div>
    </div>`;
  }
}

customElements.define('latchkey-magic-link', MagicLink);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-magic-link': MagicLink;
  }
}
