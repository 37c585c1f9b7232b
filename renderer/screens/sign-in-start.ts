// The sign-in's first step: the method switch (email code or password), the email and password
// fields, and the ways on from there (forgot password, sign-in link, passkey, sign-up). Only what
// the server offers is shown; until it answers, everything is.
import { html, nothing, type TemplateResult } from 'lit';
import type { AuthMethods } from '../../shared/schemas.ts';
import { t } from '../i18n/i18n.ts';
import { field, statusRegion } from '../ui/fields.ts';
import { onSubmit } from '../ui/form-element.ts';
import { footerLink } from '../ui/footer-link.ts';
import { emailError, requiredError } from '../ui/validate.ts';

export type Method = 'code' | 'password';

type Part = TemplateResult | typeof nothing;

export interface StartStepContext {
  method: Method;
  email: string;
  password: string;
  showPassword: boolean;
  /** Field errors show once the person has tried to send (or left a filled-in email field). */
  touched: boolean;
  notice: string;
  offered: AuthMethods | undefined;
  blocked: boolean;
  /** The sign-in link's send is in flight. */
  sendingLink: boolean;
  /** The server's word on the email field (VALIDATION_ERROR). */
  serverEmailError: string | undefined;
  /** The host form's own parts. */
  parts: {
    captcha: Part;
    remember: Part;
    error: Part;
    submit(label: string): Part;
    busy: Part;
    passkey: Part;
  };
  onChoose(method: Method): void;
  onEmail(value: string): void;
  onEmailBlur(): void;
  onPassword(value: string): void;
  onTogglePassword(): void;
  onSubmit(): Promise<void>;
  onSendLink(): void;
  onForgot(): void;
  onRegister(): void;
}

export function startStep(c: StartStepContext) {
  const emailProblem = c.touched ? emailError(c.email) : undefined;
  const passwordProblem = c.touched ? requiredError(c.password) : undefined;
  const byCode = c.method === 'code';
  return html`<div class="stack">
    ${c.notice ? statusRegion(c.notice, 'info') : nothing}
    ${c.offered?.emailCode === false ? nothing : methodSwitch(byCode, c.onChoose)}
    <form class="stack" novalidate @submit=${onSubmit(() => c.onSubmit())}>
      ${field({
        id: 'email',
        label: t('common.email'),
        type: 'email',
        inputmode: 'email',
        // `webauthn`: the browser may offer passkeys here (conditional UI).
        autocomplete: `${byCode ? 'email' : 'username'}${c.offered?.passkey ? ' webauthn' : ''}`,
        value: c.email,
        error: emailProblem ?? c.serverEmailError,
        autofocus: !!emailProblem || !passwordProblem,
        maxlength: 254,
        onInput: c.onEmail,
        onBlur: c.onEmailBlur,
      })}
      ${
        byCode
          ? nothing
          : field({
              id: 'password',
              label: t('common.password'),
              type: 'password',
              autocomplete: 'current-password',
              value: c.password,
              error: passwordProblem,
              autofocus: !!passwordProblem,
              maxlength: 1024,
              reveal: { shown: c.showPassword, toggle: c.onTogglePassword },
              onInput: c.onPassword,
            })
      }
      ${byCode || c.offered?.passwordReset === false ? nothing : forgotLink(c.onForgot)}
      ${byCode ? c.parts.captcha : nothing} ${c.parts.remember} ${c.parts.error}
      ${c.parts.submit(byCode ? t('signIn.sendCode') : t('signIn.submit'))}
      ${byCode && c.offered?.magicLink ? sendLinkButton(c) : nothing} ${c.parts.busy}
    </form>
    ${c.parts.passkey}
    ${c.offered?.registration === false ? nothing : footerLink(t('signIn.noAccount'), t('signIn.register'), c.onRegister)}
  </div>`;
}

function methodSwitch(byCode: boolean, choose: (method: Method) => void) {
  return html`<div class="methods" role="group" aria-label=${t('signIn.methods')}>
    <button type="button" aria-pressed=${byCode ? 'true' : 'false'} @click=${() => choose('code')}>
      ${t('signIn.withCode')}
    </button>
    <button type="button" aria-pressed=${byCode ? 'false' : 'true'} @click=${() => choose('password')}>
      ${t('signIn.withPassword')}
    </button>
  </div>`;
}

function sendLinkButton(c: StartStepContext) {
  return html`<button
    type="button"
    class="block send-link"
    aria-busy=${c.sendingLink ? 'true' : 'false'}
    ?disabled=${c.blocked}
    @click=${() => c.onSendLink()}
  >
    ${t('signIn.sendLink')}
  </button>`;
}

function forgotLink(go: () => void) {
  // No focus move on press: the email field's blur would show field errors above the link and
  // push it away from under the pointer before the click lands.
  return html`<button type="button" class="link forgot" @mousedown=${(e: Event) => e.preventDefault()} @click=${go}>
    ${t('signIn.forgotPassword')}
  </button>`;
}
