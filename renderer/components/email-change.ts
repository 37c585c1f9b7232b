// <latchkey-email-change>: the Account screen's email section. The new address first (a code goes
// there, a notice to the current one), then the code; the answer is the same whether or not the
// new address already has an account. Asking needs a recent sign-in: on REAUTH_REQUIRED it offers
// one (`latchkey-reauth`), as the delete and TOTP sections do.
import { html } from 'lit';
import type { ApiError } from '../../shared/errors.ts';
import { t } from '../i18n/i18n.ts';
import { rerenderOnAccounts } from '../ui/base.ts';
import { field, statusRegion } from '../ui/fields.ts';
import { onSubmit } from '../ui/form-element.ts';
import { reauthPrompt } from '../ui/reauth-prompt.ts';
import { emailError } from '../ui/validate.ts';
import { CodeStepElement, withEmail } from './code-step.ts';

type Step = 'idle' | 'email' | 'code';

export class EmailChange extends CodeStepElement {
  static override properties = {
    step: { state: true },
    newEmail: { state: true },
    touched: { state: true },
    needsReauth: { state: true },
  };

  declare step: Step;
  declare newEmail: string;
  declare touched: boolean;
  declare needsReauth: boolean;

  constructor() {
    super();
    rerenderOnAccounts(this);
    this.step = 'idle';
    this.newEmail = '';
    this.touched = false;
    this.needsReauth = false;
  }

  protected override failed(error: ApiError): void {
    if (error.code === 'REAUTH_REQUIRED') this.needsReauth = true;
    super.failed(error);
  }

  #open(): void {
    this.notice = undefined;
    this.step = 'email';
    this.touched = false;
    this.focusFirstField();
  }

  #cancel(): void {
    this.step = 'idle';
    this.newEmail = '';
    this.code = '';
    this.error = undefined;
    this.needsReauth = false;
  }

  async #send(): Promise<void> {
    this.touched = true;
    if (emailError(this.newEmail) || this.blocked) return;
    const sent = await this.run(() => this.client.requestEmailChange(this.newEmail.trim()), 'send');
    if (!sent) return;
    this.codeSent(sent.resendAfter, this.step === 'code');
    this.step = 'code';
    this.touched = false;
  }

  async #confirm(): Promise<void> {
    if (this.code.length !== 6 || this.blocked) return;
    this.notice = undefined;
    const changed = await this.run(() => this.client.confirmEmailChange(this.code));
    if (!changed) return;
    this.#cancel();
    this.notice = t('email.changed', { email: changed.email });
  }

  protected override render() {
    const user = this.client.active?.user;
    if (!user) return html``; // not `nothing`: one return type keeps the API report stable
    if (this.step === 'idle')
      return html`<div class="stack">
        <p class="muted">${withEmail('email.current', user.email)}</p>
        ${statusRegion(this.notice)}
        <div class="row">
          <button type="button" @click=${() => this.#open()}>${t('email.change')}</button>
        </div>
      </div>`;
    return html`${this.busyRegion()} ${this.step === 'email' ? this.#emailStep() : this.#codeStep()}`;
  }

  #emailStep() {
    const problem = this.touched ? emailError(this.newEmail) : undefined;
    return html`<form class="stack" novalidate @submit=${onSubmit(() => this.#send())}>
      ${field({
        id: 'new-email',
        label: t('email.new'),
        type: 'email',
        inputmode: 'email',
        autocomplete: 'email',
        value: this.newEmail,
        error: problem ?? this.serverFieldError('newEmail'),
        autofocus: true,
        maxlength: 254,
        onInput: (value) => (this.newEmail = value),
      })}
      ${this.errorRegion()}
      ${
        this.needsReauth
          ? reauthPrompt(
              t('email.reauth'),
              () =>
                this.emit('latchkey-reauth', { email: this.client.active?.user.email ?? '', notice: 'email.reauth' }),
              html`<button type="button" class="link" @click=${() => this.#cancel()}>${t('email.cancel')}</button>`,
            )
          : html`<div class="row">
              <button
                class="primary"
                type="submit"
                aria-busy=${this.waitingOn('send') ? 'true' : 'false'}
                ?disabled=${this.blocked}
              >
                ${this.busyLabel(t('email.sendCode'), 'send')}
              </button>
              <button type="button" class="link" @click=${() => this.#cancel()}>${t('email.cancel')}</button>
            </div>`
      }
    </form>`;
  }

  #codeStep() {
    return html`<form class="stack" novalidate @submit=${onSubmit(() => this.#confirm())}>
      ${this.codeBoxes({ helpId: 'email-code-help', help: 'email.codeSubtitle', email: this.newEmail.trim() })}
      ${this.errorRegion()} ${statusRegion(this.notice)}
      <div class="row">
        ${this.submitButton(t('email.confirm'), this.code.length !== 6, 'primary')}
        <button
          type="button"
          class="link"
          ?disabled=${this.resend.running || this.busy}
          @click=${() => void this.#send()}
        >
          ${this.resendText()}
        </button>
        <button type="button" class="link" @click=${() => this.#cancel()}>${t('email.cancel')}</button>
      </div>
    </form>`;
  }
}

customElements.define('latchkey-email-change', EmailChange);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-email-change': EmailChange;
  }
}
