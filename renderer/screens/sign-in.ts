// <latchkey-sign-in>: the whole sign-in. Email code by default (email → code → second factor when
// the account has one), or email and password. Ends by signing the client in and firing
// `latchkey-signed-in` with the AuthResult; `latchkey-navigate` {to: 'register'} asks for sign-up.
// Only the methods the server offers (auth.methods) are shown: no code option without mail, no
// sign-up link when registration is closed. The first step's form is sign-in-start.ts, the later
// steps sign-in-steps.ts, passkeys sign-in-passkey.ts; in Electron it also offers "remember me"
// (sign-in-remember.ts).
import type { ApiError } from '../../shared/errors.ts';
import type { AuthMethods } from '../../shared/schemas.ts';
import type { AuthResult, SecondFactorChallenge, SignInResult } from '../../shared/types.ts';
import { t } from '../i18n/i18n.ts';
import { FormElement } from '../ui/form-element.ts';
import { emailError, requiredError } from '../ui/validate.ts';
import { card } from '../ui/card.ts';
import { CaptchaStep } from '../components/captcha-step.ts';
import { footerLinkStyles } from '../ui/footer-link.ts';
import { PasskeySignIn } from './sign-in-passkey.ts';
import { RememberMe } from './sign-in-remember.ts';
import { startStep, type Method } from './sign-in-start.ts';
import { signInStyles } from './sign-in-styles.ts';
import { laterStep, type LaterStep } from './sign-in-steps.ts';

type Step = 'start' | LaterStep;

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
  readonly #passkey = new PasskeySignIn(this, {
    run: (work) => this.run(work, 'passkey'),
    waiting: () => this.waitingOn('passkey'),
    ready: () => this.#remember.saved,
    onResult: (result) => this.#handle(result),
  });

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
      if (offered.passkey) void this.#passkey.offerAutofill();
    });
    this.#remember.load();
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
    // The link request takes the captcha as a code request does (docs/security.md, magic links).
    const sent = await this.run(
      () => this.client.requestMagicLink({ email: this.email.trim(), ...this.#captcha.fields() }),
      'link',
    );
    if (!sent) return;
    this.#captcha.passed();
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
    return card(
      t('signIn.title'),
      subtitle,
      startStep({
        method: this.method,
        email: this.email,
        password: this.password,
        showPassword: this.showPassword,
        touched: this.touched,
        notice: this.notice,
        offered: this.offered,
        blocked: this.blocked,
        sendingLink: this.waitingOn('link'),
        serverEmailError: this.serverFieldError('email'),
        parts: {
          captcha: this.#captcha.render(),
          remember: this.#remember.render(),
          error: this.errorRegion(),
          submit: (label) => this.submitButton(label),
          busy: this.busyRegion(),
          passkey: this.#passkey.render(this.offered?.passkey),
        },
        onChoose: (method) => this.#choose(method),
        onEmail: (value) => (this.email = value),
        onEmailBlur: () => (this.touched = this.touched || this.email !== ''),
        onPassword: (value) => (this.password = value),
        onTogglePassword: () => (this.showPassword = !this.showPassword),
        onSubmit: () => this.#submit(),
        onSendLink: () => void this.#sendLink(),
        onForgot: () => this.#go('reset'),
        onRegister: () => this.emit('latchkey-navigate', { to: 'register' }),
      }),
    );
  }
}

customElements.define('latchkey-sign-in', SignIn);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-sign-in': SignIn;
  }
}
