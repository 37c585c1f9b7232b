// <latchkey-email-change>: the Account screen's email section. The new address first (a code goes
// there, a notice to the current one), then the code; the answer is the same whether or not the
// new address already has an account. Asking needs a recent sign-in: on REAUTH_REQUIRED it offers
// one (`latchkey-reauth`), as the delete and TOTP sections do.
import { css, html } from 'lit';
import type { ApiError } from '../../shared/errors.ts';
import { clock, t } from '../i18n/i18n.ts';
import { Countdown } from '../lib/countdown.ts';
import { rerenderOnAccounts } from '../ui/base.ts';
import { field, statusRegion } from '../ui/fields.ts';
import { FormElement, onSubmit } from '../ui/form-element.ts';
import { emailError } from '../ui/validate.ts';
import type { CodeInput } from './code-input.ts';
import './code-input.ts';

type Step = 'idle' | 'email' | 'code';

export class EmailChange extends FormElement {
  static override properties = {
    step: { state: true },
    newEmail: { state: true },
    code: { state: true },
    touched: { state: true },
    needsReauth: { state: true },
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

  declare step: Step;
  declare newEmail: string;
  declare code: string;
  declare touched: boolean;
  declare needsReauth: boolean;
  /** The last change's "done" line (the account screen clears it when another section acts). */
  declare notice: string | undefined;
  readonly #resend = new Countdown(this);

  constructor() {
    super();
    rerenderOnAccounts(this);
    this.step = 'idle';
    this.newEmail = '';
    this.code = '';
    this.touched = false;
    this.needsReauth = false;
    this.notice = undefined;
  }

  protected override failed(error: ApiError): void {
    if (error.code === 'REAUTH_REQUIRED') this.needsReauth = true;
    if (error.code === 'CODE_INVALID' || error.code === 'TOO_MANY_ATTEMPTS') {
      this.code = '';
      this.renderRoot.querySelector<CodeInput>('latchkey-code-input')?.clear();
    }
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
        <p class="muted">
          ${t('email.current', { email: '\u0000' })
            .split('\u0000')
            .map((part, i) => (i === 0 ? part : html`<span class="email">${user.email}</span>${part}`))}
        </p>
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
          ? html`<p>${t('email.reauth')}</p>
              <div class="row">
                <button
                  type="button"
                  class="primary"
                  @click=${() =>
                    this.emit('latchkey-reauth', {
                      email: this.client.active?.user.email ?? '',
                      notice: 'email.reauth',
                    })}
                >
                  ${t('account.reauthButton')}
                </button>
                <button type="button" class="link" @click=${() => this.#cancel()}>${t('email.cancel')}</button>
              </div>`
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
      <p class="muted" id="email-code-help">
        ${t('email.codeSubtitle', { email: '\u0000' })
          .split('\u0000')
          .map((part, i) => (i === 0 ? part : html`<span class="email">${this.newEmail.trim()}</span>${part}`))}
      </p>
      <latchkey-code-input
        data-autofocus
        described-by="email-code-help"
        .value=${this.code}
        ?invalid=${this.error?.code === 'CODE_INVALID'}
        ?disabled=${this.busy}
        @code-change=${(e: CustomEvent<string>) => (this.code = e.detail)}
      ></latchkey-code-input>
      ${this.errorRegion()} ${statusRegion(this.notice)}
      <div class="row">
        <button
          class="primary"
          type="submit"
          aria-busy=${this.waitingOn() ? 'true' : 'false'}
          ?disabled=${this.blocked || this.code.length !== 6}
        >
          ${this.busyLabel(t('email.confirm'))}
        </button>
        <button
          type="button"
          class="link"
          ?disabled=${this.#resend.running || this.busy}
          @click=${() => void this.#send()}
        >
          ${this.#resend.running ? t('code.resendIn', { time: clock(this.#resend.remaining) }) : t('code.resend')}
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
