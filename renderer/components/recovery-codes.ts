// <latchkey-recovery-codes>: recovery codes shown once (after TOTP setup or a regeneration), with
// copy, download and print, and a box to tick that they are saved before `codes-saved` can fire.
import { css, html } from 'lit';
import { t } from '../i18n/i18n.ts';
import { copyText, downloadText } from '../lib/clipboard.ts';
import { statusRegion } from '../ui/fields.ts';
import { LatchkeyElement } from '../ui/base.ts';

export const RECOVERY_CODES_FILE = 'latchkey-recovery-codes.txt';

export class RecoveryCodes extends LatchkeyElement {
  static override properties = {
    codes: { attribute: false },
    acknowledged: { state: true },
    notice: { state: true },
  };

  static override styles = [
    ...LatchkeyElement.styles,
    css`
      :host {
        display: block;
      }
      ol.codes {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(10.5rem, 1fr));
        gap: 0.5rem 1rem;
        padding: 1rem 1rem 1rem 2.5rem;
        margin: 0;
        background: var(--lk-surface-2);
        border-radius: 10px;
        font-family: var(--lk-mono);
        font-size: 1.05rem;
      }
      @media print {
        .no-print {
          display: none !important;
        }
      }
    `,
  ];

  declare codes: string[];
  declare acknowledged: boolean;
  declare notice: string | undefined;

  constructor() {
    super();
    this.codes = [];
    this.acknowledged = false;
    this.notice = undefined;
  }

  override focus(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[data-autofocus]')?.focus());
  }

  async #copy(): Promise<void> {
    const copied = await copyText(this.codes.join('\n'), this.renderRoot.querySelector('#recovery-codes'));
    this.notice = copied ? t('common.copied') : undefined;
  }

  #fileText(): string {
    const email = this.client.active?.user.email ?? '';
    return `${t('setup.codesFile', { email })}\n\n${this.codes.join('\n')}\n`;
  }

  protected override render() {
    return html`<div class="stack">
      ${statusRegion(this.notice)}
      <ol class="codes" id="recovery-codes" aria-label=${t('setup.codesTitle')}>
        ${this.codes.map((code) => html`<li>${code}</li>`)}
      </ol>
      <div class="row no-print">
        <button type="button" @click=${() => void this.#copy()}>${t('setup.copyCodes')}</button>
        <button type="button" @click=${() => downloadText(RECOVERY_CODES_FILE, this.#fileText())}>
          ${t('setup.download')}
        </button>
        <button type="button" @click=${() => print()}>${t('setup.print')}</button>
      </div>
      <label class="checkbox no-print">
        <input
          type="checkbox"
          data-autofocus
          .checked=${this.acknowledged}
          @change=${(e: Event) => (this.acknowledged = (e.target as HTMLInputElement).checked)}
        />
        ${t('setup.ack')}
      </label>
      <button
        class="primary block no-print"
        type="button"
        ?disabled=${!this.acknowledged}
        @click=${() => this.emit('codes-saved')}
      >
        ${t('setup.done')}
      </button>
    </div>`;
  }
}

customElements.define('latchkey-recovery-codes', RecoveryCodes);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-recovery-codes': RecoveryCodes;
  }
}
