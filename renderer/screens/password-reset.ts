// <latchkey-password-reset>: "Forgot password?". Email first (the server answers the same whether
// or not it has the account), then the mailed code with the new password. Fires `latchkey-result`
// with the SignInResult (signed in, or the second factor to pass) and `latchkey-back` to leave.
import { css, html, nothing } from 'lit';
import type { ApiError } from '../../shared/errors.ts';
import { PASSWORD_MIN_LENGTH } from '../../shared/schemas.ts';
import type { SignInResult } from '../../shared/types.ts';
import { clock, fieldText, t } from '../i18n/i18n.ts';
import { Countdown } from '../lib/countdown.ts';
import { field, statusRegion } from '../ui/fields.ts';
import { FormElement, onSubmit } from '../ui/form-element.ts';
import { emailError, newPasswordError } from '../ui/validate.ts';
import { CaptchaStep } from '../components/captcha-step.ts';
import type { CodeInput } from '../components/code-input.ts';
import '../components/code-input.ts';

type Step = 'email' | 'code';

export class PasswordReset extends FormElement {
  static override properties = {
    email: { type: String },
    step: { state: true },
    code: { state: true },
    password: { state: true },
    showPassword: { state: true },
    touched: { state: true },
    notice: { state: true },
  };

  static override styles = [
    ...FormElement.styles,
    css`
      :host {
        display: block;
      }
      .email {
        font-weight: var(--lk-semibold);
        overflow-wrap: anywhere;
      }
    `,
  ];

  declare email: string;
  declare step: Step;
  declare code: string;
  declare password: string;
  declare showPassword: boolean;
  declare touched: boolean;
  declare notice: string | undefined;
  readonly #captcha = new CaptchaStep(this);
  readonly #resend = new Countdown(this);

  constructor() {
    super();
    this.email = '';
    this.step = 'email';
    this.code = '';
    this.password = '';
    this.showPassword = false;
    this.touched = false;
    this.notice = undefined;
  }

  protected override firstUpdated(): void {
    this.focusFirstField();
  }

  async #send(): Promise<void> {
    this.touched = true;
    if (emailError(this.email) || this.blocked) return;
    const sent = await this.run(() =>
      this.client.call((api) =>
        api.auth.requestPasswordReset.mutate({
          email: this.email.trim(),
          device: this.client.device(),
          ...this.#captcha.fields(),
        }),
      ),
    );
    if (!sent) return;
    this.#captcha.passed();
    this.#resend.start(sent.resendAfter);
    if (this.step === 'code') {
      this.notice = t('code.sent');
      this.code = '';
      this.renderRoot.querySelector<CodeInput>('latchkey-code-input')?.clear();
    }
    this.step = 'code';
    this.touched = false;
    this.focusFirstField();
  }

  async #confirm(): Promise<void> {
    this.touched = true;
    if (this.code.length !== 6 || newPasswordError(this.password) || this.blocked) return;
    this.notice = undefined;
    const result = await this.run(() =>
      this.client.call((api) =>
        api.auth.confirmPasswordReset.mutate({
          email: this.email.trim(),
          code: this.code,
          newPassword: this.password,
          device: this.client.device(),
        }),
      ),
    );
    if (!result) return;
    this.password = '';
    this.emit<SignInResult>('latchkey-result', result);
  }

  protected override failed(error: ApiError): void {
    if (error.code === 'CODE_INVALID' || error.code === 'TOO_MANY_ATTEMPTS') {
      this.code = '';
      this.renderRoot.querySelector<CodeInput>('latchkey-code-input')?.clear();
    }
    this.#captcha.refused(error);
  }

  protected override render() {
    return html`<div class="stack">
      ${this.step === 'email' ? this.#emailStep() : this.#codeStep()} ${this.#captcha.render()}
      <div class="row spread">
        ${
          this.step === 'code'
            ? html`<button
                type="button"
                class="link resend"
                ?disabled=${this.#resend.running || this.busy}
                @click=${() => void this.#send()}
              >
                ${this.#resend.running ? t('code.resendIn', { time: clock(this.#resend.remaining) }) : t('code.resend')}
              </button>`
            : nothing
        }
        <button type="button" class="link" @click=${() => this.emit('latchkey-back')}>${t('reset.back')}</button>
      </div>
      ${this.busyRegion()}
    </div>`;
  }

  #emailStep() {
    const problem = this.touched ? emailError(this.email) : undefined;
    return html`<form class="stack" novalidate @submit=${onSubmit(() => this.#send())}>
      ${field({
        id: 'reset-email',
        label: t('common.email'),
        type: 'email',
        inputmode: 'email',
        autocomplete: 'email',
        value: this.email,
        error: problem ?? this.serverFieldError('email'),
        autofocus: true,
        maxlength: 254,
        onInput: (value) => (this.email = value),
      })}
      ${this.errorRegion()} ${this.submitButton(t('reset.sendCode'))}
    </form>`;
  }

  #codeStep() {
    const reason = this.error?.code === 'VALIDATION_ERROR' ? this.error.reason : undefined;
    const serverProblem = reason?.startsWith('password_') ? fieldText(reason, { min: PASSWORD_MIN_LENGTH }) : undefined;
    return html`<form class="stack" novalidate @submit=${onSubmit(() => this.#confirm())}>
      <p class="muted" id="reset-code-help">
        ${t('reset.codeSubtitle', { email: '\u0000' })
          .split('\u0000')
          .map((part, i) => (i === 0 ? part : html`<span class="email">${this.email.trim()}</span>${part}`))}
      </p>
      <latchkey-code-input
        data-autofocus
        described-by="reset-code-help"
        .value=${this.code}
        ?invalid=${this.error?.code === 'CODE_INVALID'}
        ?disabled=${this.busy}
        @code-change=${(e: CustomEvent<string>) => (this.code = e.detail)}
      ></latchkey-code-input>
      ${field({
        id: 'reset-password',
        label: t('account.newPassword'),
        type: 'password',
        autocomplete: 'new-password',
        value: this.password,
        maxlength: 1024,
        hint: t('register.passwordHint', { min: PASSWORD_MIN_LENGTH }),
        error: (this.touched ? newPasswordError(this.password) : undefined) ?? serverProblem,
        reveal: { shown: this.showPassword, toggle: () => (this.showPassword = !this.showPassword) },
        onInput: (value) => (this.password = value),
      })}
      ${this.errorRegion()} ${statusRegion(this.notice)} ${this.submitButton(t('reset.submit'), this.code.length !== 6)}
    </form>`;
  }
}

customElements.define('latchkey-password-reset', PasswordReset);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-password-reset': PasswordReset;
  }
}
