// <latchkey-totp-setup>: turn on two-step verification. Scan the QR code (or type the key), confirm
// with a code, then save the recovery codes (<latchkey-recovery-codes>: copy, download or print,
// and tick that they are saved before leaving). Fires `latchkey-done` at the end (or when cancelled).
import { css, html } from 'lit';
import type { TotpEnrollment } from '../../shared/types.ts';
import { t } from '../i18n/i18n.ts';
import { copyText } from '../lib/clipboard.ts';
import { statusRegion } from '../ui/fields.ts';
import { FormElement, onSubmit } from '../ui/form-element.ts';
import { card } from '../ui/card.ts';
import type { CodeInput } from '../components/code-input.ts';
import '../components/code-input.ts';
import '../components/recovery-codes.ts';

export class TotpSetup extends FormElement {
  static override properties = {
    enrollment: { state: true },
    code: { state: true },
    recoveryCodes: { state: true },
    notice: { state: true },
  };

  static override styles = [
    ...FormElement.styles,
    css`
      :host {
        display: block;
      }
      .qr-row {
        display: flex;
        flex-wrap: wrap;
        gap: 1.25rem;
        align-items: center;
      }
      .qr {
        width: 12.5rem;
        max-width: 100%;
        aspect-ratio: 1;
        padding: 10px;
        background: #fff;
        border-radius: 12px;
        border: 1px solid var(--lk-border);
      }
      .key {
        flex: 1 1 14rem;
        min-width: 0;
      }
      .key code {
        display: block;
        font-size: 1.05rem;
        letter-spacing: 0.05em;
        word-spacing: 0.3em;
        overflow-wrap: anywhere;
        padding: 0.6rem 0.8rem;
        margin-bottom: 0.5rem;
        background: var(--lk-surface-2);
        border-radius: 8px;
      }
    `,
  ];

  declare enrollment: TotpEnrollment | undefined;
  declare code: string;
  declare recoveryCodes: string[] | undefined;
  declare notice: string | undefined;

  constructor() {
    super();
    this.enrollment = undefined;
    this.code = '';
    this.recoveryCodes = undefined;
    this.notice = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#begin();
  }

  async #begin(): Promise<void> {
    const enrollment = await this.run(
      () => this.client.call((api) => api.totp.beginEnrollment.mutate(undefined)),
      'enroll',
    );
    if (!enrollment) return;
    this.enrollment = enrollment;
    this.focusFirstField();
  }

  async #confirm(): Promise<void> {
    if (this.code.length !== 6 || this.blocked) return;
    const result = await this.run(() =>
      this.client.call((api) => api.totp.confirmEnrollment.mutate({ code: this.code })),
    );
    if (!result) {
      this.code = '';
      this.renderRoot.querySelector<CodeInput>('latchkey-code-input')?.clear();
      return;
    }
    this.recoveryCodes = result.recoveryCodes;
    const account = this.client.active;
    if (account) this.client.updateUser({ ...account.user, totpEnabled: true });
    this.notice = t('setup.enabled');
    this.focusFirstField();
  }

  async #copy(text: string, selector: string): Promise<void> {
    const copied = await copyText(text, this.renderRoot.querySelector(selector));
    this.notice = copied ? t('common.copied') : undefined;
  }

  protected override render() {
    if (this.recoveryCodes) return this.#codes(this.recoveryCodes);
    const enrollment = this.enrollment;
    const grouped = enrollment?.secret.replace(/(.{4})/g, '$1 ').trim();
    return card(
      t('setup.title'),
      t('setup.step1'),
      html`<div class="stack">
        ${
          enrollment
            ? html`<div class="qr-row">
                <img
                  class="qr"
                  alt=${t('setup.qr')}
                  src=${`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrollment.qrSvg)}`}
                />
                <div class="key">
                  <p class="label" id="key-label">${t('setup.key')}</p>
                  <code id="totp-key" aria-labelledby="key-label">${grouped}</code>
                  <button type="button" @click=${() => void this.#copy(enrollment.secret, '#totp-key')}>
                    ${t('setup.copyKey')}
                  </button>
                </div>
              </div>`
            : html`<p class="muted">${t('loading')}</p>`
        }
        <form class="stack" novalidate @submit=${onSubmit(() => this.#confirm())}>
          <p class="muted" id="confirm-help">${t('setup.step2')}</p>
          <latchkey-code-input
            data-autofocus
            described-by="confirm-help"
            .value=${this.code}
            ?invalid=${this.error?.code === 'TOTP_INVALID'}
            ?disabled=${!enrollment || this.busy}
            @code-change=${(e: CustomEvent<string>) => (this.code = e.detail)}
            @code-complete=${() => void this.#confirm()}
          ></latchkey-code-input>
          ${this.errorRegion()} ${statusRegion(this.notice)} ${this.busyRegion()}
          <div class="row">
            <button
              class="primary"
              type="submit"
              aria-busy=${this.waitingOn() ? 'true' : 'false'}
              ?disabled=${this.blocked || this.code.length !== 6}
            >
              ${this.busyLabel(t('setup.confirm'))}
            </button>
            <button type="button" @click=${() => this.emit('latchkey-done', { enabled: false })}>
              ${t('common.cancel')}
            </button>
          </div>
        </form>
      </div>`,
    );
  }

  #codes(codes: string[]) {
    return card(
      t('setup.codesTitle'),
      t('setup.codesSubtitle'),
      html`<div class="stack">
        ${statusRegion(this.notice)}
        <latchkey-recovery-codes
          data-autofocus
          .codes=${codes}
          @codes-saved=${() => this.emit('latchkey-done', { enabled: true })}
        ></latchkey-recovery-codes>
      </div>`,
    );
  }
}

customElements.define('latchkey-totp-setup', TotpSetup);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-totp-setup': TotpSetup;
  }
}
