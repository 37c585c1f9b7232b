// <latchkey-password-form>: set a first password (accounts made by email code) or change it.
import { css, html, nothing } from 'lit';
import { PASSWORD_MIN_LENGTH } from '../../shared/schemas.ts';
import { fieldText, t } from '../i18n/i18n.ts';
import { field, statusRegion } from '../ui/fields.ts';
import { FormElement, onSubmit } from '../ui/form-element.ts';
import { rerenderOnAccounts } from '../ui/base.ts';
import { newPasswordError, requiredError } from '../ui/validate.ts';
import { tooCommon } from '../lib/password-strength.ts';
import './password-strength.ts';

export class PasswordForm extends FormElement {
  static override properties = {
    current: { state: true },
    next: { state: true },
    signOutOthers: { state: true },
    touched: { state: true },
    notice: { state: true },
    score: { state: true },
  };

  static override styles = [
    ...FormElement.styles,
    css`
      :host {
        display: block;
      }
    `,
  ];

  declare current: string;
  declare next: string;
  declare signOutOthers: boolean;
  declare touched: boolean;
  declare notice: string | undefined;
  declare score: number | undefined;

  constructor() {
    super();
    rerenderOnAccounts(this);
    this.current = '';
    this.next = '';
    this.signOutOthers = true;
    this.touched = false;
    this.notice = undefined;
    this.score = undefined;
  }

  async #submit(hasPassword: boolean): Promise<void> {
    this.touched = true;
    this.notice = undefined;
    if ((hasPassword && requiredError(this.current)) || newPasswordError(this.next)) return;
    const done = await this.run(() =>
      this.client.call(async (api): Promise<unknown> => {
        if (!hasPassword) return api.account.setPassword.mutate({ newPassword: this.next });
        return api.account.changePassword.mutate({
          currentPassword: this.current,
          newPassword: this.next,
          revokeOtherSessions: this.signOutOthers,
        });
      }),
    );
    if (done === undefined) return;
    const account = this.client.active;
    if (account) this.client.updateUser({ ...account.user, hasPassword: true });
    this.current = '';
    this.next = '';
    this.touched = false;
    this.notice = t('account.passwordSaved');
  }

  protected override render() {
    const hasPassword = this.client.active?.user.hasPassword ?? false;
    const reason = this.error?.reason;
    const serverNext = reason?.startsWith('password_')
      ? fieldText(reason, { min: PASSWORD_MIN_LENGTH })
      : this.serverFieldError('newPassword');
    return html`<form class="stack" novalidate @submit=${onSubmit(() => this.#submit(hasPassword))}>
      ${hasPassword ? nothing : html`<p class="muted">${t('account.noPassword')}</p>`}
      ${
        hasPassword
          ? field({
              id: 'current-password',
              label: t('account.currentPassword'),
              type: 'password',
              autocomplete: 'current-password',
              value: this.current,
              maxlength: 1024,
              error: this.touched ? requiredError(this.current) : undefined,
              onInput: (value) => (this.current = value),
            })
          : nothing
      }
      <div>
        ${field({
          id: 'next-password',
          label: t('account.newPassword'),
          type: 'password',
          autocomplete: 'new-password',
          value: this.next,
          maxlength: 1024,
          hint: t('register.passwordHint', { min: PASSWORD_MIN_LENGTH }),
          error:
            (this.touched ? newPasswordError(this.next) : undefined) ??
            (tooCommon(this.next, this.score, PASSWORD_MIN_LENGTH) ? fieldText('password_blocklisted') : undefined) ??
            serverNext,
          onInput: (value) => (this.next = value),
        })}
        <latchkey-password-strength
          @strength-change=${(e: CustomEvent<number | undefined>) => (this.score = e.detail)}
          .password=${this.next}
          .userInputs=${[this.client.active?.user.email ?? '', 'latchkey']}
        ></latchkey-password-strength>
      </div>
      ${
        hasPassword
          ? html`<label class="checkbox">
              <input
                type="checkbox"
                .checked=${this.signOutOthers}
                @change=${(e: Event) => (this.signOutOthers = (e.target as HTMLInputElement).checked)}
              />
              ${t('account.signOutOthers')}
            </label>`
          : nothing
      }
      ${this.errorRegion()} ${statusRegion(this.notice)} ${this.busyRegion()}
      <div class="row">
        <button
          class="primary"
          type="submit"
          aria-busy=${this.waitingOn() ? 'true' : 'false'}
          ?disabled=${this.blocked}
        >
          ${this.busyLabel(hasPassword ? t('account.changePassword') : t('account.setPassword'))}
        </button>
      </div>
    </form>`;
  }
}

customElements.define('latchkey-password-form', PasswordForm);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-password-form': PasswordForm;
  }
}
