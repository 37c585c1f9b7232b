// <latchkey-account>: the signed-in user's name, email (<latchkey-email-change>), password
// (<latchkey-password-form>), two-step verification (<latchkey-totp-settings>) and deletion. Deleting needs a recent sign-in: when the
// server says REAUTH_REQUIRED the screen offers one (`latchkey-reauth`), as the TOTP section does
// for turning TOTP off, and the passkeys section (<latchkey-passkey-settings>) for adding one.
// `latchkey-navigate` {to: 'totp-setup'} starts the authenticator setup.
// A "saved" line belongs to the last thing done: any later action on the screen clears them all.
// Focus starts on the heading, so arriving here does not pop up a phone's keyboard.
import { css, html, nothing } from 'lit';
import type { ApiError } from '../../shared/errors.ts';
import { t } from '../i18n/i18n.ts';
import { field, statusRegion } from '../ui/fields.ts';
import { FormElement, onSubmit } from '../ui/form-element.ts';
import { rerenderOnAccounts } from '../ui/base.ts';
import { reauthPrompt } from '../ui/reauth-prompt.ts';
import { nameError } from '../ui/validate.ts';
import type { EmailChange } from '../components/email-change.ts';
import type { PasswordForm } from '../components/password-form.ts';
import type { TotpSettings } from '../components/totp-settings.ts';
import type { PasskeySettings } from '../components/passkey-settings.ts';
import '../components/email-change.ts';
import '../components/password-form.ts';
import '../components/totp-settings.ts';
import '../components/passkey-settings.ts';

export class AccountScreen extends FormElement {
  static override properties = {
    name: { state: true },
    notice: { state: true },
    confirmWord: { state: true },
    needsReauth: { state: true },
    section: { state: true },
  };

  static override styles = [
    ...FormElement.styles,
    css`
      :host {
        display: block;
      }
      .sections {
        display: grid;
        gap: 1.25rem;
      }
      .danger h2 {
        color: var(--lk-danger);
      }
      .who {
        overflow-wrap: anywhere;
      }
    `,
  ];

  declare name: string | undefined;
  declare notice: string | undefined;
  declare confirmWord: string;
  declare needsReauth: boolean;
  /** Which section the last call came from, so its error shows there. */
  declare section: 'name' | 'delete' | undefined;

  constructor() {
    super();
    rerenderOnAccounts(this);
    // Every section's run() announces itself: the banners of earlier actions are out of date.
    this.addEventListener('latchkey-action', () => this.#clearNotices());
    this.name = undefined;
    this.notice = undefined;
    this.confirmWord = '';
    this.needsReauth = false;
    this.section = undefined;
  }

  #clearNotices(): void {
    this.notice = undefined;
    const sections = this.renderRoot.querySelectorAll<PasswordForm | TotpSettings | EmailChange | PasskeySettings>(
      'latchkey-password-form, latchkey-totp-settings, latchkey-email-change, latchkey-passkey-settings',
    );
    for (const section of sections) section.notice = undefined;
  }

  /** The passkeys section appears only when the server offers passkeys. */
  #passkeysOffered = false;

  protected override firstUpdated(): void {
    this.focusFirstField('#account-title');
    void this.client.methods().then((methods) => {
      this.#passkeysOffered = methods.passkey;
      this.requestUpdate();
    });
    void this.client
      .call((api) => api.account.me.query())
      .then(
        (user) => this.client.updateUser(user),
        () => {},
      );
  }

  protected override failed(error: ApiError): void {
    if (error.code === 'REAUTH_REQUIRED' && this.section === 'delete') this.needsReauth = true;
  }

  async #saveName(): Promise<void> {
    const name = this.name ?? '';
    if (nameError(name)) return;
    this.section = 'name';
    this.notice = undefined;
    const user = await this.run(
      () => this.client.call((api) => api.account.updateName.mutate({ name: name.trim() })),
      'name',
    );
    if (!user) return;
    this.client.updateUser(user);
    this.name = undefined;
    this.notice = t('account.nameSaved');
  }

  async #delete(): Promise<void> {
    if (this.confirmWord.trim().toUpperCase() !== t('account.deleteWord')) return;
    this.section = 'delete';
    await this.run(() => this.client.deleteAccount(), 'delete');
  }

  #sectionError(section: AccountScreen['section']) {
    return this.section === section ? this.errorRegion() : nothing;
  }

  protected override render() {
    const user = this.client.active?.user;
    if (!user) return html``; // not `nothing`: one return type keeps the API report stable
    const name = this.name ?? user.name;
    return html`${this.busyRegion()}
      <div class="sections">
        <section class="card" aria-labelledby="account-title">
          <h1 id="account-title" tabindex="-1">${t('account.title')}</h1>
          <p class="muted who">${t('account.signedInAs', { email: user.email })}</p>
          ${statusRegion(this.notice)}
          <form class="stack" novalidate @submit=${onSubmit(() => this.#saveName())}>
            ${field({
              id: 'name',
              label: t('common.name'),
              autocomplete: 'name',
              value: name,
              maxlength: 100,
              error: this.name !== undefined ? nameError(this.name) : undefined,
              onInput: (value) => (this.name = value),
            })}
            ${this.#sectionError('name')}
            <div class="row">
              <button
                type="submit"
                class="primary"
                aria-busy=${this.waitingOn('name') ? 'true' : 'false'}
                ?disabled=${this.blocked || name.trim() === user.name}
              >
                ${this.busyLabel(t('common.save'), 'name')}
              </button>
            </div>
          </form>
        </section>
        <section class="card" aria-labelledby="email-title">
          <h2 id="email-title">${t('email.title')}</h2>
          <latchkey-email-change></latchkey-email-change>
        </section>
        <section class="card" aria-labelledby="password-title">
          <h2 id="password-title">${t('account.passwordTitle')}</h2>
          <latchkey-password-form></latchkey-password-form>
        </section>
        <section class="card" aria-labelledby="totp-title">
          <h2 id="totp-title">${t('account.security')}</h2>
          <latchkey-totp-settings></latchkey-totp-settings>
        </section>
        ${
          this.#passkeysOffered
            ? html`<section class="card" aria-labelledby="passkeys-title">
                <h2 id="passkeys-title">${t('passkey.title')}</h2>
                <latchkey-passkey-settings></latchkey-passkey-settings>
              </section>`
            : nothing
        }
        <section class="card danger" aria-labelledby="delete-title">
          <h2 id="delete-title">${t('account.danger')}</h2>
          <p class="muted">${t('account.deleteWarning')}</p>
          <form class="stack" novalidate @submit=${onSubmit(() => this.#delete())}>
            ${field({
              id: 'delete-confirm',
              label: t('account.deleteConfirm'),
              value: this.confirmWord,
              maxlength: 20,
              onInput: (value) => (this.confirmWord = value),
            })}
            ${this.#sectionError('delete')}
            ${
              this.needsReauth
                ? reauthPrompt(t('account.reauth'), () => this.emit('latchkey-reauth', { email: user.email }))
                : html`<div class="row">
                    <button
                      type="submit"
                      class="danger"
                      aria-busy=${this.waitingOn('delete') ? 'true' : 'false'}
                      ?disabled=${this.blocked || this.confirmWord.trim().toUpperCase() !== t('account.deleteWord')}
                    >
                      ${this.busyLabel(t('account.delete'), 'delete')}
                    </button>
                  </div>`
            }
          </form>
        </section>
      </div>`;
  }
}

customElements.define('latchkey-account', AccountScreen);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-account': AccountScreen;
  }
}
