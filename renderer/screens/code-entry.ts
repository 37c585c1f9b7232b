// <latchkey-code-entry>: the six-digit code from the email. Verifies as soon as six digits are in,
// offers a new code when the server's resend cooldown has passed (counting down until then), and
// shows the captcha when the server asks for one before sending again. A code used up by wrong
// guesses (TOO_MANY_ATTEMPTS) leaves one thing to do: send a new code, when the server allows.
import { html } from 'lit';
import type { ApiError } from '../../shared/errors.ts';
import type { SignInResult } from '../../shared/types.ts';
import { t } from '../i18n/i18n.ts';
import { statusRegion } from '../ui/fields.ts';
import { onSubmit } from '../ui/form-element.ts';
import { CaptchaStep } from '../components/captcha-step.ts';
import { CodeStepElement } from '../components/code-step.ts';

export class CodeEntry extends CodeStepElement {
  static override properties = {
    email: { type: String },
    resendAfter: { type: Number, attribute: 'resend-after' },
    spent: { state: true },
  };

  declare email: string;
  declare resendAfter: number;
  /** The code took too many wrong guesses: only a new one can be verified. */
  declare spent: boolean;
  readonly #captcha = new CaptchaStep(this);

  constructor() {
    super();
    this.email = '';
    this.resendAfter = 60;
    this.spent = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resend.start(this.resendAfter);
  }

  protected override firstUpdated(): void {
    this.focusFirstField();
  }

  async #verify(): Promise<void> {
    if (this.code.length !== 6 || this.blocked) return;
    this.notice = undefined;
    const result = await this.run(() =>
      this.client.call((api) =>
        api.auth.verifyEmailCode.mutate({ email: this.email, code: this.code, device: this.client.device() }),
      ),
    );
    if (result) this.emit<SignInResult>('latchkey-result', result);
  }

  protected override failed(error: ApiError): void {
    super.failed(error);
    // A malformed code is as useless as a wrong one.
    if (error.code === 'VALIDATION_ERROR') this.clearCode();
    if (error.code === 'TOO_MANY_ATTEMPTS') {
      // One wait, shown once: on the resend button, which is then the only thing to do.
      this.spent = true;
      this.retry.stop();
      this.resend.start(Math.max(this.resend.remaining, error.retryAfter ?? 0));
      this.focusFirstField();
    }
    this.#captcha.refused(error);
  }

  async #resendCode(): Promise<void> {
    if (this.resend.running || this.busy) return;
    this.notice = undefined;
    const sent = await this.run(
      () =>
        this.client.call((api) =>
          api.auth.requestEmailCode.mutate({
            email: this.email,
            device: this.client.device(),
            ...this.#captcha.fields(),
          }),
        ),
      'resend',
    );
    if (!sent) return;
    this.#captcha.passed();
    this.spent = false;
    this.codeSent(sent.resendAfter, true);
  }

  protected override render() {
    return html`<form class="stack" novalidate @submit=${onSubmit(() => this.#verify())}>
      ${this.spent ? this.#spent() : this.#entry()} ${this.#captcha.render()}
      ${this.spent ? this.#resendButton(true) : this.#links()} ${this.busyRegion()}
    </form>`;
  }

  #entry() {
    return html`${this.codeBoxes({ helpId: 'code-help', help: 'code.subtitle', email: this.email, onComplete: () => void this.#verify() })}
    ${this.errorRegion()} ${statusRegion(this.notice)} ${this.submitButton(t('code.verify'), this.code.length !== 6)}`;
  }

  /** The code is used up: the reason, and the one way on (a new code). */
  #spent() {
    return this.errorRegion();
  }

  #links() {
    return html`<div class="row spread">
      ${this.#resendButton(false)}
      <button type="button" class="link" @click=${() => this.emit('latchkey-back')}>${t('code.changeEmail')}</button>
    </div>`;
  }

  /**
   * "Send a new code", counting down while the server would refuse it. As the only action (a spent
   * code) it stays focusable while it waits (aria-disabled), so focus has somewhere to be.
   */
  #resendButton(only: boolean) {
    const unavailable = this.resend.running || this.busy;
    return html`<button
      type="button"
      class=${only ? 'primary block resend' : 'link resend'}
      ?data-autofocus=${only}
      ?disabled=${!only && unavailable}
      aria-disabled=${only && unavailable ? 'true' : 'false'}
      aria-busy=${this.waitingOn('resend') ? 'true' : 'false'}
      @click=${() => void this.#resendCode()}
    >
      ${this.busyLabel(this.resendText(), 'resend')}
    </button>`;
  }
}

customElements.define('latchkey-code-entry', CodeEntry);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-code-entry': CodeEntry;
  }
}
