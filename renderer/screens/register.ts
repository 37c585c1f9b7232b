// <latchkey-register>: a new account with a password. Fields are checked as they are typed with
// the server's own schemas; the strength meter warns before the server refuses a common password.
import { css, html } from 'lit';
import { PASSWORD_MIN_LENGTH } from '../../shared/schemas.ts';
import type { AuthResult } from '../../shared/types.ts';
import { fieldText, t } from '../i18n/i18n.ts';
import { field } from '../ui/fields.ts';
import { tooCommon } from '../lib/password-strength.ts';
import { FormElement, onSubmit } from '../ui/form-element.ts';
import { card } from '../ui/card.ts';
import { footerLink, footerLinkStyles } from '../ui/footer-link.ts';
import { emailError, nameError, newPasswordError } from '../ui/validate.ts';
import '../components/password-strength.ts';

type Field = 'name' | 'email' | 'password';

export class Register extends FormElement {
  static override properties = {
    name: { state: true },
    email: { state: true },
    password: { state: true },
    showPassword: { state: true },
    touched: { state: true },
    score: { state: true },
  };

  static override styles = [
    ...FormElement.styles,
    css`
      :host {
        display: block;
      }
    `,
    footerLinkStyles,
  ];

  declare name: string;
  declare email: string;
  declare password: string;
  declare showPassword: boolean;
  declare touched: Set<Field>;
  declare score: number | undefined;

  constructor() {
    super();
    this.name = '';
    this.email = '';
    this.password = '';
    this.showPassword = false;
    this.touched = new Set();
    this.score = undefined;
  }

  protected override firstUpdated(): void {
    this.focusFirstField();
  }

  #touch(name: Field): void {
    this.touched = new Set([...this.touched, name]);
  }

  #problems(): Record<Field, string | undefined> {
    return {
      name: nameError(this.name),
      email: emailError(this.email),
      password: newPasswordError(this.password),
    };
  }

  /** The server's word on the password (blocklisted, contextual), in the current language. */
  #serverPasswordError(): string | undefined {
    const reason = this.error?.reason;
    if (reason?.startsWith('password_')) return fieldText(reason, { min: PASSWORD_MIN_LENGTH });
    return this.serverFieldError('password');
  }

  async #submit(): Promise<void> {
    this.touched = new Set(['name', 'email', 'password']);
    if (Object.values(this.#problems()).some(Boolean)) {
      this.focusFirstField();
      return;
    }
    const result = await this.run(() =>
      this.client.call((api) =>
        api.auth.register.mutate({
          name: this.name.trim(),
          email: this.email.trim(),
          password: this.password,
          device: this.client.device(),
        }),
      ),
    );
    if (!result || result.requires2fa) {
      this.focusFirstField();
      return;
    }
    this.client.signedIn(result);
    this.password = '';
    this.emit<AuthResult>('latchkey-signed-in', result);
  }

  protected override render() {
    const problems = this.#problems();
    const shown = (name: Field) => (this.touched.has(name) ? problems[name] : undefined);
    // Too common: said as soon as it is typed (the server's own estimator), but the server decides.
    const common = tooCommon(this.password, this.score, PASSWORD_MIN_LENGTH)
      ? fieldText('password_blocklisted')
      : undefined;
    const passwordError = shown('password') ?? common ?? this.#serverPasswordError();
    const emailErrorText = shown('email') ?? this.serverFieldError('email');
    const firstBad = (['name', 'email', 'password'] as const).find((name) =>
      name === 'password' ? passwordError : name === 'email' ? emailErrorText : shown(name),
    );
    return card(
      t('register.title'),
      t('register.subtitle'),
      html`<form class="stack" novalidate @submit=${onSubmit(() => this.#submit())}>
          ${field({
            id: 'name',
            label: t('common.name'),
            autocomplete: 'name',
            value: this.name,
            error: shown('name') ?? this.serverFieldError('name'),
            autofocus: !firstBad || firstBad === 'name',
            maxlength: 100,
            onInput: (value) => (this.name = value),
            onBlur: () => this.#touch('name'),
          })}
          ${field({
            id: 'email',
            label: t('common.email'),
            type: 'email',
            inputmode: 'email',
            autocomplete: 'email',
            value: this.email,
            error: emailErrorText,
            autofocus: firstBad === 'email',
            maxlength: 254,
            onInput: (value) => (this.email = value),
            onBlur: () => this.#touch('email'),
          })}
          <div>
            ${field({
              id: 'new-password',
              label: t('common.password'),
              type: 'password',
              autocomplete: 'new-password',
              value: this.password,
              hint: t('register.passwordHint', { min: PASSWORD_MIN_LENGTH }),
              error: passwordError,
              autofocus: firstBad === 'password',
              maxlength: 1024,
              reveal: { shown: this.showPassword, toggle: () => (this.showPassword = !this.showPassword) },
              onInput: (value) => {
                this.password = value;
                if (this.error?.reason?.startsWith('password_')) this.error = undefined;
              },
              onBlur: () => this.#touch('password'),
            })}
            <latchkey-password-strength
              @strength-change=${(e: CustomEvent<number | undefined>) => (this.score = e.detail)}
              .password=${this.password}
              .userInputs=${[this.email, this.name, 'latchkey']}
            ></latchkey-password-strength>
          </div>
          ${this.errorRegion()} ${this.submitButton(t('register.submit'))} ${this.busyRegion()}
        </form>
        ${footerLink(t('register.haveAccount'), t('register.signIn'), () =>
          this.emit('latchkey-navigate', { to: 'sign-in' }),
        )}`,
    );
  }
}

customElements.define('latchkey-register', Register);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-register': Register;
  }
}
