// <latchkey-totp-settings>: two-step verification on the account screen. Off, it offers setup
// (`latchkey-navigate` {to: 'totp-setup'}); on, it gives new recovery codes for a current code (shown
// once in <latchkey-recovery-codes>) and turns TOTP off with an authenticator or a recovery code.
// Both need a recent sign-in: on REAUTH_REQUIRED the form offers one (`latchkey-reauth`).
// Each of the two forms opens on demand, from its own button (which also names it), one at a time.
import { css, html, nothing } from 'lit';
import type { ApiError } from '../../shared/errors.ts';
import { codeSchema, recoveryCodeSchema } from '../../shared/schemas.ts';
import { t } from '../i18n/i18n.ts';
import { codeField, field, statusRegion } from '../ui/fields.ts';
import { FormElement, onSubmit } from '../ui/form-element.ts';
import { rerenderOnAccounts } from '../ui/base.ts';
import { reauthPrompt } from '../ui/reauth-prompt.ts';
import './recovery-codes.ts';

type Form = 'regenerate' | 'disable';

export class TotpSettings extends FormElement {
  static override properties = {
    regenerateCode: { state: true },
    disableWith: { state: true },
    disableCode: { state: true },
    newCodes: { state: true },
    form: { state: true },
    open: { state: true },
    needsReauth: { state: true },
    notice: { state: true },
  };

  static override styles = [
    ...FormElement.styles,
    css`
      :host {
        display: block;
      }
      form {
        margin-top: 1.25rem;
        padding-top: 1.25rem;
        border-top: 1px solid var(--lk-border);
      }
      h3 {
        font-size: 1.05rem;
      }
      button[aria-expanded='true'] {
        background: var(--lk-surface-2);
      }
    `,
  ];

  declare regenerateCode: string;
  declare disableWith: 'totp' | 'recovery';
  declare disableCode: string;
  declare newCodes: string[] | undefined;
  /** Which form the last call came from, so its error shows there. */
  declare form: Form | undefined;
  /** The form shown now, if any (each opens from its button). */
  declare open: Form | undefined;
  declare needsReauth: boolean;
  declare notice: string | undefined;

  constructor() {
    super();
    rerenderOnAccounts(this);
    this.regenerateCode = '';
    this.disableWith = 'totp';
    this.disableCode = '';
    this.newCodes = undefined;
    this.form = undefined;
    this.open = undefined;
    this.needsReauth = false;
    this.notice = undefined;
  }

  protected override failed(error: ApiError): void {
    if (error.code === 'REAUTH_REQUIRED') this.needsReauth = true;
  }

  async #refreshUser(): Promise<void> {
    const user = await this.client.call((api) => api.account.me.query()).catch(() => undefined);
    if (user) this.client.updateUser(user);
  }

  async #regenerate(): Promise<void> {
    if (!codeSchema.safeParse(this.regenerateCode).success) return;
    this.form = 'regenerate';
    this.notice = undefined;
    const code = this.regenerateCode;
    this.regenerateCode = '';
    const result = await this.run(
      () => this.client.call((api) => api.totp.regenerateRecoveryCodes.mutate({ code })),
      'regenerate',
    );
    if (!result) return;
    this.open = undefined;
    this.newCodes = result.recoveryCodes;
    this.focusFirstField('latchkey-recovery-codes');
    await this.#refreshUser();
  }

  #codesSaved(): void {
    this.newCodes = undefined;
    this.notice = t('account.newCodesSaved');
    this.focusFirstField('#open-regenerate');
  }

  #disableProof(): { code: string } | { recoveryCode: string } | undefined {
    if (this.disableWith === 'totp') {
      return codeSchema.safeParse(this.disableCode).success ? { code: this.disableCode } : undefined;
    }
    const recoveryCode = this.disableCode.trim();
    return recoveryCodeSchema.safeParse(recoveryCode).success ? { recoveryCode } : undefined;
  }

  async #disable(): Promise<void> {
    const proof = this.#disableProof();
    if (!proof) return;
    this.form = 'disable';
    this.notice = undefined;
    const done = await this.run(() => this.client.call((api) => api.totp.disable.mutate(proof)), 'disable');
    this.disableCode = '';
    if (!done) return;
    this.disableWith = 'totp';
    this.open = undefined;
    await this.#refreshUser();
    this.notice = t('account.totpDisabled');
  }

  #switchDisableMethod(): void {
    this.disableWith = this.disableWith === 'totp' ? 'recovery' : 'totp';
    this.disableCode = '';
    this.focusFirstField('#disable-code');
  }

  #toggle(form: Form): void {
    const opening = this.open !== form;
    this.open = opening ? form : undefined;
    if (this.form !== form) this.error = undefined;
    this.focusFirstField(opening ? `#${form === 'regenerate' ? 'regenerate' : 'disable'}-code` : `#open-${form}`);
  }

  #formError(form: Form) {
    return this.form === form ? this.errorRegion() : nothing;
  }

  protected override render() {
    const user = this.client.active?.user;
    if (!user) return html``; // not `nothing`: one return type keeps the API report stable
    if (this.newCodes) {
      return html`<h3>${t('account.newCodesTitle')}</h3>
        <p class="muted">${t('account.newCodesSubtitle')}</p>
        <latchkey-recovery-codes
          .codes=${this.newCodes}
          @codes-saved=${() => this.#codesSaved()}
        ></latchkey-recovery-codes>`;
    }
    const status = html`<p class="muted">${user.totpEnabled ? t('account.totpOn') : t('account.totpOff')}</p>
      ${statusRegion(this.notice)}`;
    if (!user.totpEnabled) {
      return html`${status}
        <button type="button" class="primary" @click=${() => this.emit('latchkey-navigate', { to: 'totp-setup' })}>
          ${t('account.setupTotp')}
        </button>`;
    }
    return html`${status}
      ${
        user.recoveryCodesRemaining !== undefined
          ? html`<p class="small muted">${t('account.recoveryLeft', { n: user.recoveryCodesRemaining })}</p>`
          : nothing
      }
      <div class="row">
        ${this.#opener('regenerate', t('account.newCodesTitle'))}
        ${this.#opener('disable', t('account.totpDisableTitle'))}
      </div>
      ${this.open === 'regenerate' ? this.#regenerateForm() : nothing}
      ${this.open === 'disable' ? this.#disableForm() : nothing} ${this.busyRegion()}`;
  }

  #opener(form: Form, label: string) {
    const open = this.open === form;
    return html`<button
      type="button"
      id="open-${form}"
      class=${form === 'disable' ? 'danger' : ''}
      aria-expanded=${open ? 'true' : 'false'}
      aria-controls="${form}-form"
      @click=${() => this.#toggle(form)}
    >
      ${label}
    </button>`;
  }

  #regenerateForm() {
    return html`<form
      id="regenerate-form"
      class="stack"
      novalidate
      aria-labelledby="open-regenerate"
      @submit=${onSubmit(() => this.#regenerate())}
    >
      <p class="muted small">${t('account.newCodesHelp')}</p>
      ${codeField({
        id: 'regenerate-code',
        label: t('account.totpDisableLabel'),
        value: this.regenerateCode,
        onInput: (value) => (this.regenerateCode = value),
      })}
      ${this.#formError('regenerate')}
      ${this.#reauthOr('regenerate', t('account.reauthNewCodes'), () => this.#regenerateButton())}
    </form>`;
  }

  #regenerateButton() {
    return html`<div class="row">
      <button
        type="submit"
        class="primary"
        aria-busy=${this.waitingOn('regenerate') ? 'true' : 'false'}
        ?disabled=${this.blocked || this.regenerateCode.length !== 6}
      >
        ${this.busyLabel(t('account.newCodes'), 'regenerate')}
      </button>
      <button type="button" @click=${() => this.#toggle('regenerate')}>${t('common.cancel')}</button>
    </div>`;
  }

  /** Where the person acted: the offer to sign in again, once the server asked for it; else the form's buttons. */
  #reauthOr(form: Form, prompt: string, buttons: () => unknown) {
    if (!this.needsReauth || this.form !== form) return buttons();
    return reauthPrompt(prompt, () => this.emit('latchkey-reauth', { email: this.client.active?.user.email ?? '' }));
  }

  #disableForm() {
    return html`<form
      id="disable-form"
      class="stack"
      novalidate
      aria-labelledby="open-disable"
      @submit=${onSubmit(() => this.#disable())}
    >
      ${
        this.disableWith === 'totp'
          ? codeField({
              id: 'disable-code',
              label: t('account.totpDisableLabel'),
              value: this.disableCode,
              onInput: (value) => (this.disableCode = value),
            })
          : field({
              id: 'disable-code',
              label: t('totp.recoveryLabel'),
              value: this.disableCode,
              maxlength: 32,
              onInput: (value) => (this.disableCode = value),
            })
      }
      <div class="row">
        <button type="button" class="link" @click=${() => this.#switchDisableMethod()}>
          ${this.disableWith === 'totp' ? t('totp.useRecovery') : t('totp.useApp')}
        </button>
      </div>
      ${this.#formError('disable')} ${this.#reauthOr('disable', t('account.reauthTotp'), () => this.#disableButton())}
    </form>`;
  }

  #disableButton() {
    return html`<div class="row">
      <button
        type="submit"
        class="danger"
        aria-busy=${this.waitingOn('disable') ? 'true' : 'false'}
        ?disabled=${this.blocked || !this.#disableProof()}
      >
        ${this.busyLabel(t('account.totpDisable'), 'disable')}
      </button>
      <button type="button" @click=${() => this.#toggle('disable')}>${t('common.cancel')}</button>
    </div>`;
  }
}

customElements.define('latchkey-totp-settings', TotpSettings);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-totp-settings': TotpSettings;
  }
}
