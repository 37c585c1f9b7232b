// <latchkey-password-reset>: "Forgot password?". Email first (the server answers the same whether
// or not it has the account), then the mailed code with the new password. Fires `latchkey-result`
// with the SignInResult (signed in, or the second factor to pass) and `latchkey-back` to leave.
import { html, nothing } from 'lit';
import type { ApiError } from '../../shared/errors.ts';
import { PASSWORD_MIN_LENGTH } from '../../shared/schemas.ts';
import type { SignInResult } from '../../shared/types.ts';
import { fieldText, t } from '../i18n/i18n.ts';
import { field, statusRegion } from '../ui/fields.ts';
import { onSubmit } from '../ui/form-element.ts';
import { emailError, newPasswordError } from '../ui/validate.ts';
import { CaptchaStep } from '../components/captcha-step.ts';
import { CodeStepElement } from '../components/code-step.ts';

type Step = 'email' | 'code';

export class PasswordReset extends CodeStepElement {
  static override properties = {
    email: { type: String },
    step: { state: true },
    password: { state: true },
    showPassword: { state: true },
    touched: { state: true },
  };

  declare email: string;
  declare step: Step;
  declare password: string;
  declare showPassword: boolean;
  declare touched: boolean;
  readonly #captcha = new CaptchaStep(this);

  constructor() {
    super();
    this.email = '';
    this.step = 'email';
    this.password = '';
    this.showPassword = false;
    this.touched = false;
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
    this.codeSent(sent.resendAfter, this.step === 'code');
    this.step = 'code';
    this.touched = false;
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
    super.failed(error);
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
                ?disabled=${this.resend.running || this.busy}
                @click=${() => void this.#send()}
              >
                ${this.resendText()}
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
      ${this.codeBoxes({ helpId: 'reset-code-help', help: 'reset.codeSubtitle', email: this.email.trim() })}
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
