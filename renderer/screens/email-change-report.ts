// <latchkey-email-change-report>: where the "this was not me" link of an email-change notice
// lands. Opening it does nothing (mail scanners open links too): only the button locks the
// account, by auth.reportEmailChange. The token comes from the link (`token`), or is typed in from
// a notice that had no link. Fires `latchkey-navigate` {to: 'sign-in'} to leave.
import { css, html, nothing } from 'lit';
import { t } from '../i18n/i18n.ts';
import { field, statusRegion } from '../ui/fields.ts';
import { FormElement, onSubmit } from '../ui/form-element.ts';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export class EmailChangeReport extends FormElement {
  static override properties = {
    token: { type: String },
    done: { state: true },
  };

  static override styles = [
    ...FormElement.styles,
    css`
      :host {
        display: block;
      }
    `,
  ];

  declare token: string;
  declare done: boolean;
  /** The link carried a token: no field to fill in. */
  #fromLink = false;

  constructor() {
    super();
    this.token = '';
    this.done = false;
  }

  protected override firstUpdated(): void {
    this.#fromLink = TOKEN.test(this.token);
    this.focusFirstField('#report-title');
    this.requestUpdate();
  }

  async #report(): Promise<void> {
    const token = this.token.trim();
    if (!TOKEN.test(token) || this.blocked) return;
    const reported = await this.run(() => this.client.reportEmailChange(token));
    if (reported) this.done = true;
  }

  protected override render() {
    return html`<section class="card" aria-labelledby="report-title">
      <h1 id="report-title" tabindex="-1">${t('report.title')}</h1>
      ${this.done ? statusRegion(t('report.done')) : this.#form()}
      <div class="row">
        <button type="button" class="link" @click=${() => this.emit('latchkey-navigate', { to: 'sign-in' })}>
          ${t('report.back')}
        </button>
      </div>
      ${this.busyRegion()}
    </section>`;
  }

  #form() {
    return html`<form class="stack" novalidate @submit=${onSubmit(() => this.#report())}>
      <p>${t('report.body')}</p>
      ${
        this.#fromLink
          ? nothing
          : field({
              id: 'report-token',
              label: t('report.token'),
              value: this.token,
              maxlength: 64,
              onInput: (value) => (this.token = value),
            })
      }
      ${this.errorRegion()}
      <button
        type="submit"
        class="danger block"
        aria-busy=${this.waitingOn() ? 'true' : 'false'}
        ?disabled=${this.blocked || !TOKEN.test(this.token.trim())}
      >
        ${this.busyLabel(t('report.confirm'))}
      </button>
    </form>`;
  }
}

customElements.define('latchkey-email-change-report', EmailChangeReport);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-email-change-report': EmailChangeReport;
  }
}
