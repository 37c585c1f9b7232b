// <latchkey-sign-in>: the whole sign-in. Email code by default (email → code → second factor when
// the account has one), or email and password. Ends by signing the client in and firing
// `latchkey-signed-in` with the AuthResult; `latchkey-navigate` {to: 'register'} asks for sign-up.
// Only the methods the server offers (auth.methods) are shown: no code option without mail, no
// sign-up link when registration is closed. In Electron it also offers "remember me"
// (sign-in-remember.ts).
import { html, nothing } from 'lit';
import type { ApiError } from '../../shared/errors.ts';
import type { AuthMethods } from '../../shared/schemas.ts';
import type { AuthResult, SecondFactorChallenge, SignInResult } from '../../shared/types.ts';
import { t } from '../i18n/i18n.ts';
import { field, statusRegion } from '../ui/fields.ts';
import { FormElement, onSubmit } from '../ui/form-element.ts';
import { emailError, requiredError } from '../ui/validate.ts';
import { card } from '../ui/card.ts';
import { CaptchaStep } from '../components/captcha-step.ts';
import { footerLink, footerLinkStyles } from '../ui/footer-link.ts';
import { RememberMe } from './sign-in-remember.ts';
import { signInStyles } from './sign-in-styles.ts';
import { laterStep, type LaterStep } from './sign-in-steps.ts';
import { autofillSupported, cancelPasskeyRequest, getPasskey, passkeysSupported } from '../lib/passkeys.ts';

type Step = 'start' | LaterStep;
type Method = 'code' | 'password';

export class SignIn extends FormElement {
  static override properties = {
    email: { type: String },
    notice: { type: String },
    method: { state: true },
    step: { state: true },
    password: { state: true },
    showPassword: { state: true },
    touched: { state: true },
    resendAfter: { state: true },
    challenge: { state: true },
    offered: { state: true },
  };

  static override styles = [...FormElement.styles, signInStyles, footerLinkStyles];

  declare email: string;
  declare notice: string;
  declare method: Method;
  declare step: Step;
  declare password: string;
  declare showPassword: boolean;
  declare touched: boolean;
  declare resendAfter: number;
  declare challenge: SecondFactorChallenge['challenge'] | undefined;
  /** What the server offers; until it answers, everything is shown. */
  declare offered: AuthMethods | undefined;
  readonly #captcha = new CaptchaStep(this);
  readonly #remember = new RememberMe(this, () => this.client.transport.mainSession);

  constructor() {
    super();
    this.email = '';
    this.notice = '';
    this.method = 'code';
    this.step = 'start';
    this.password = '';
    this.showPassword = false;
    this.touched = false;
    this.resendAfter = 60;
    this.challenge = undefined;
    this.offered = undefined;
  }

  protected override firstUpdated(): void {
    this.focusFirstField();
    void this.client.methods().then((offered) => {
      this.offered = offered;
      if (!offered.emailCode && this.method === 'code') this.#choose('password');
      if (offered.passkey) void this.#offerAutofill();
    });
    this.#remember.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#autofilling) cancelPasskeyRequest();
  }

  #autofilling = false;

  /** Conditional UI: the browser offers passkeys in the email field's suggestions. */
  async #offerAutofill(): Promise<void> {
    if (!(await autofillSupported())) return;
    try {
      const options = await this.client.call((api) => api.auth.passkeyOptions.mutate(undefined));
      this.#autofilling = true;
      const response = await getPasskey(options, true);
      this.#autofilling = false;
      await this.#verifyPasskey(response);
    } catch {
      // Cancelled (another ceremony began, the screen closed) or refused: the form is still there.
      this.#autofilling = false;
    }
  }

  async #passkeySignIn(): Promise<void> {
    if (this.blocked) return;
    await this.#remember.saved;
    // With an email typed in, that account's passkeys; without, any passkey this device has.
    const email = this.email.trim();
    const input = email && !emailError(email) ? { email } : undefined;
    const response = await this.run(async () => {
      const options = await this.client.call((api) => api.auth.passkeyOptions.mutate(input));
      return getPasskey(options);
    }, 'passkey');
    if (response) await this.#verifyPasskey(response);
  }

  async #verifyPasskey(response: Awaited<ReturnType<typeof getPasskey>>): Promise<void> {
    const result = await this.run(
      () =>
        this.client.call((api) =>
          api.auth.verifyPasskey.mutate({ response: response as never, device: this.client.device() }),
        ),
      'passkey',
    );
    if (result) this.#handle(result);
  }

  #go(step: Step): void {
    this.step = step;
    this.error = undefined;
    this.focusFirstField();
  }

  #choose(method: Method): void {
    this.method = method;
    this.error = undefined;
    this.touched = false;
    this.focusFirstField();
  }

  async #submit(): Promise<void> {
    this.touched = true;
    if (emailError(this.email) || (this.method === 'password' && requiredError(this.password))) {
      this.focusFirstField();
      return;
    }
    if (this.blocked) return;
    this.notice = '';
    await this.#remember.saved;
    if (this.method === 'code') await this.#sendCode();
    else await this.#passwordSignIn();
  }

  async #sendCode(): Promise<void> {
    const sent = await this.run(() =>
      this.client.call((api) =>
        api.auth.requestEmailCode.mutate({
          email: this.email.trim(),
          device: this.client.device(),
          ...this.#captcha.fields(),
        }),
      ),
    );
    if (!sent) return;
    this.#captcha.passed();
    this.resendAfter = sent.resendAfter;
    this.#go('code');
  }

  async #sendLink(): Promise<void> {
    this.touched = true;
    if (emailError(this.email)) {
      this.focusFirstField();
      return;
    }
    if (this.blocked) return;
    this.notice = '';
    const sent = await this.run(() => this.client.requestMagicLink({ email: this.email.trim() }), 'link');
    if (!sent) return;
    this.resendAfter = sent.resendAfter;
    this.#go('link');
  }

  async #passwordSignIn(): Promise<void> {
    const result = await this.run(() =>
      this.client.call((api) =>
        api.auth.login.mutate({ email: this.email.trim(), password: this.password, device: this.client.device() }),
      ),
    );
    if (result) this.#handle(result);
  }

  protected override failed(error: ApiError): void {
    this.#captcha.refused(error);
  }

  #handle(result: SignInResult): void {
    if (result.requires2fa) {
      this.challenge = result.challenge;
      this.#go('totp');
      return;
    }
    this.#finish(result);
  }

  #finish(result: AuthResult): void {
    this.client.signedIn(result);
    this.password = '';
    this.emit<AuthResult>('latchkey-signed-in', result);
  }

  #restart(): void {
    this.challenge = undefined;
    this.#go('start');
  }

  protected override render() {
    if (this.step !== 'start') {
      return laterStep(this.step, {
        email: this.email.trim(),
        resendAfter: this.resendAfter,
        challenge: this.challenge,
        onResult: (result) => this.#handle(result),
        onSignedIn: (result) => this.#finish(result),
        onBack: () => this.#restart(),
        onEnterCode: () => this.#go('code'),
      });
    }
    const subtitle = this.method === 'code' ? t('signIn.subtitle') : t('signIn.passwordSubtitle');
    return card(t('signIn.title'), subtitle, this.#start());
  }

  #start() {
    const emailProblem = this.touched ? emailError(this.email) : undefined;
    const passwordProblem = this.touched ? requiredError(this.password) : undefined;
    const byCode = this.method === 'code';
    return html`<div class="stack">
      ${this.notice ? statusRegion(this.notice, 'info') : nothing}
      ${
        this.offered?.emailCode === false
          ? nothing
          : html`<div class="methods" role="group" aria-label=${t('signIn.methods')}>
              <button type="button" aria-pressed=${byCode ? 'true' : 'false'} @click=${() => this.#choose('code')}>
                ${t('signIn.withCode')}
              </button>
              <button type="button" aria-pressed=${byCode ? 'false' : 'true'} @click=${() => this.#choose('password')}>
                ${t('signIn.withPassword')}
              </button>
            </div>`
      }
      <form class="stack" novalidate @submit=${onSubmit(() => this.#submit())}>
        ${field({
          id: 'email',
          label: t('common.email'),
          type: 'email',
          inputmode: 'email',
          // `webauthn`: the browser may offer passkeys here (conditional UI).
          autocomplete: `${byCode ? 'email' : 'username'}${this.offered?.passkey ? ' webauthn' : ''}`,
          value: this.email,
          error: emailProblem ?? this.serverFieldError('email'),
          autofocus: !!emailProblem || !passwordProblem,
          maxlength: 254,
          onInput: (value) => (this.email = value),
          onBlur: () => (this.touched = this.touched || this.email !== ''),
        })}
        ${
          byCode
            ? nothing
            : field({
                id: 'password',
                label: t('common.password'),
                type: 'password',
                autocomplete: 'current-password',
                value: this.password,
                error: passwordProblem,
                autofocus: !!passwordProblem,
                maxlength: 1024,
                reveal: { shown: this.showPassword, toggle: () => (this.showPassword = !this.showPassword) },
                onInput: (value) => (this.password = value),
              })
        }
        ${byCode || this.offered?.passwordReset === false ? nothing : this.#forgotLink()}
        ${byCode ? this.#captcha.render() : nothing} ${this.#remember.render()} ${this.errorRegion()}
        ${this.submitButton(byCode ? t('signIn.sendCode') : t('signIn.submit'))}
        ${
          byCode && this.offered?.magicLink
            ? html`<button
                type="button"
                class="block send-link"
                aria-busy=${this.waitingOn('link') ? 'true' : 'false'}
                ?disabled=${this.blocked}
                @click=${() => void this.#sendLink()}
              >
                ${t('signIn.sendLink')}
              </button>`
            : nothing
        }
        ${this.busyRegion()}
      </form>
      ${this.#passkeyButton()}
      ${
        this.offered?.registration === false
          ? nothing
          : footerLink(t('signIn.noAccount'), t('signIn.register'), () =>
              this.emit('latchkey-navigate', { to: 'register' }),
            )
      }
    </div>`;
  }

  #passkeyButton() {
    if (!this.offered?.passkey || !passkeysSupported()) return nothing;
    return html`<button
      type="button"
      class="block passkey"
      aria-busy=${this.waitingOn('passkey') ? 'true' : 'false'}
      ?disabled=${this.blocked}
      @click=${() => void this.#passkeySignIn()}
    >
      ${this.busyLabel(t('passkey.signIn'), 'passkey')}
    </button>`;
  }

  #forgotLink() {
    // No focus move on press: the email field's blur would show field errors above the link and
    // push it away from under the pointer before the click lands.
    return html`<button
      type="button"
      class="link forgot"
      @mousedown=${(e: Event) => e.preventDefault()}
      @click=${() => this.#go('reset')}
    >
      ${t('signIn.forgotPassword')}
    </button>`;
  }
}

customElements.define('latchkey-sign-in', SignIn);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-sign-in': SignIn;
  }
}
