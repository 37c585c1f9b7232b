// <latchkey-totp-challenge>: the second step of a sign-in. A code from the authenticator app, or
// one of the saved recovery codes; optionally trust this device so it is not asked again soon.
import { css, html, nothing } from 'lit';
import type { ApiError } from '../../shared/errors.ts';
import { recoveryCodeSchema } from '../../shared/schemas.ts';
import type { AuthResult, SecondFactorChallenge } from '../../shared/types.ts';
import { t } from '../i18n/i18n.ts';
import { field } from '../ui/fields.ts';
import { FormElement, onSubmit } from '../ui/form-element.ts';
import type { CodeInput } from '../components/code-input.ts';
import '../components/code-input.ts';
import { getPasskey, passkeysSupported } from '../lib/passkeys.ts';

export class TotpChallenge extends FormElement {
  static override properties = {
    challenge: { attribute: false },
    mode: { state: true },
    code: { state: true },
    recoveryCode: { state: true },
    trustDevice: { state: true },
  };

  static override styles = [
    ...FormElement.styles,
    css`
      :host {
        display: block;
      }
    `,
  ];

  declare challenge: SecondFactorChallenge['challenge'] | undefined;
  declare mode: 'totp' | 'recovery';
  declare code: string;
  declare recoveryCode: string;
  declare trustDevice: boolean;

  constructor() {
    super();
    this.challenge = undefined;
    this.mode = 'totp';
    this.code = '';
    this.recoveryCode = '';
    this.trustDevice = false;
  }

  protected override firstUpdated(): void {
    this.focusFirstField();
  }

  #switch(mode: 'totp' | 'recovery'): void {
    this.mode = mode;
    this.error = undefined;
    this.focusFirstField();
  }

  async #verify(): Promise<void> {
    const challenge = this.challenge;
    if (!challenge || this.blocked) return;
    const proof = this.mode === 'totp' ? { code: this.code } : { recoveryCode: this.recoveryCode.trim() };
    if (this.mode === 'totp' && this.code.length !== 6) return;
    if (this.mode === 'recovery' && !recoveryCodeSchema.safeParse(this.recoveryCode).success) return;
    const result = await this.run(() =>
      this.client.call((api) =>
        api.auth.verifySecondFactor.mutate({
          challengeToken: challenge.token,
          trustDevice: this.trustDevice,
          device: this.client.device(),
          ...proof,
        }),
      ),
    );
    if (result) this.emit<AuthResult>('latchkey-result', result);
  }

  async #usePasskey(): Promise<void> {
    const challenge = this.challenge;
    if (!challenge || this.blocked) return;
    const result = await this.run(async () => {
      const options = await this.client.call((api) =>
        api.auth.passkeyOptions.mutate({ challengeToken: challenge.token }),
      );
      const response = await getPasskey(options);
      return this.client.call((api) =>
        api.auth.verifyPasskey.mutate({
          response: response as never,
          challengeToken: challenge.token,
          trustDevice: this.trustDevice,
          device: this.client.device(),
        }),
      );
    }, 'passkey');
    if (result && !result.requires2fa) this.emit<AuthResult>('latchkey-result', result);
  }

  protected override failed(error: ApiError): void {
    if (this.mode === 'totp') {
      this.code = '';
      this.renderRoot.querySelector<CodeInput>('latchkey-code-input')?.clear();
    }
    // An expired or used-up challenge cannot be answered: start the sign-in again.
    if (error.code === 'UNAUTHORIZED') this.emit('latchkey-back');
  }

  protected override render() {
    const totp = this.mode === 'totp';
    return html`<form class="stack" novalidate @submit=${onSubmit(() => this.#verify())}>
      <p class="muted" id="totp-help">${totp ? t('totp.subtitle') : t('totp.recoverySubtitle')}</p>
      ${
        totp
          ? html`<latchkey-code-input
              data-autofocus
              described-by="totp-help"
              .value=${this.code}
              ?invalid=${this.error?.code === 'TOTP_INVALID'}
              ?disabled=${this.busy}
              @code-change=${(e: CustomEvent<string>) => (this.code = e.detail)}
              @code-complete=${() => void this.#verify()}
            ></latchkey-code-input>`
          : field({
              id: 'recovery-code',
              label: t('totp.recoveryLabel'),
              value: this.recoveryCode,
              autocomplete: 'off',
              autofocus: true,
              maxlength: 32,
              onInput: (value) => (this.recoveryCode = value),
            })
      }
      <label class="checkbox">
        <input
          type="checkbox"
          .checked=${this.trustDevice}
          @change=${(e: Event) => (this.trustDevice = (e.target as HTMLInputElement).checked)}
        />
        ${t('totp.trust')}
      </label>
      ${this.errorRegion()} ${this.submitButton(t('code.verify'))} ${this.busyRegion()}
      ${
        this.challenge?.methods.includes('passkey') && passkeysSupported()
          ? html`<button
              type="button"
              class="block passkey"
              aria-busy=${this.waitingOn('passkey') ? 'true' : 'false'}
              ?disabled=${this.blocked}
              @click=${() => void this.#usePasskey()}
            >
              ${this.busyLabel(t('passkey.useForSecondStep'), 'passkey')}
            </button>`
          : nothing
      }
      <div class="row spread">
        <button type="button" class="link" @click=${() => this.#switch(totp ? 'recovery' : 'totp')}>
          ${totp ? t('totp.useRecovery') : t('totp.useApp')}
        </button>
        <button type="button" class="link" @click=${() => this.emit('latchkey-back')}>${t('common.back')}</button>
      </div>
    </form>`;
  }
}

customElements.define('latchkey-totp-challenge', TotpChallenge);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-totp-challenge': TotpChallenge;
  }
}
