// <latchkey-device-approve>: the phone's page for a kiosk's sign-in (/device). The user enters the
// code the kiosk shows (or arrives with it from the QR code), sees which device asks — name,
// platform, address, time — and approves or denies. Approving needs a recent sign-in: on
// REAUTH_REQUIRED it fires `latchkey-reauth` so the app can ask for one.
import { css, html } from 'lit';
import { formatUserCode, userCodeSchema, type DeviceSignInRequest } from '../../shared/device-sign-in.ts';
import type { ApiError } from '../../shared/errors.ts';
import { t } from '../i18n/i18n.ts';
import { field } from '../ui/fields.ts';
import { FormElement } from '../ui/form-element.ts';

export class DeviceApprove extends FormElement {
  static override properties = {
    code: { type: String },
    request: { state: true },
    decision: { state: true },
  };

  static override styles = [
    ...FormElement.styles,
    css`
      :host {
        display: block;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
        margin: 0;
      }
      dt {
        color: var(--lk-muted, #555);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .user-code {
        font:
          600 1.5rem/1.2 ui-monospace,
          monospace;
        letter-spacing: 0.12em;
      }
    `,
  ];

  declare code: string;
  declare request: DeviceSignInRequest | undefined;
  declare decision: 'approved' | 'denied' | undefined;

  constructor() {
    super();
    this.code = '';
    this.request = undefined;
    this.decision = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (userCodeSchema.safeParse(this.code).success) void this.#describe();
  }

  async #describe(): Promise<void> {
    const parsed = userCodeSchema.safeParse(this.code);
    if (!parsed.success) {
      this.error = { code: 'VALIDATION_ERROR', message: t('device.codeFormat') };
      return;
    }
    const request = await this.run(() =>
      this.client.call((api) => api.devices.describeSignIn.mutate({ userCode: parsed.data })),
    );
    if (request) this.request = request;
  }

  async #decide(approve: boolean): Promise<void> {
    const request = this.request;
    if (!request) return;
    const answer = await this.run(
      () =>
        this.client.call((api) =>
          (approve ? api.devices.approveSignIn : api.devices.denySignIn).mutate({ userCode: request.userCode }),
        ),
      approve ? 'approve' : 'deny',
    );
    if (answer) this.decision = answer.decision;
  }

  protected override failed(error: ApiError): void {
    if (error.code === 'REAUTH_REQUIRED') this.emit('latchkey-reauth', { email: this.client.active?.user.email ?? '' });
    if (error.code === 'CODE_INVALID') this.request = undefined;
  }

  protected override render() {
    if (this.decision) {
      return html`<p role="status">${this.decision === 'approved' ? t('device.approved') : t('device.denied')}</p>`;
    }
    return this.request ? this.#confirm(this.request) : this.#enter();
  }

  #enter() {
    return html`<form
      class="stack"
      novalidate
      @submit=${(e: Event) => {
        e.preventDefault();
        void this.#describe();
      }}
    >
      <p class="muted">${t('device.enterSubtitle')}</p>
      ${field({
        id: 'user-code',
        label: t('device.codeLabel'),
        value: this.code,
        autocomplete: 'off',
        autofocus: true,
        maxlength: 16,
        onInput: (value) => (this.code = value),
      })}
      ${this.errorRegion()}
      <button
        class="primary block"
        type="submit"
        aria-busy=${this.waitingOn() ? 'true' : 'false'}
        ?disabled=${this.blocked}
      >
        ${this.busyLabel(t('common.continue'))}
      </button>
      ${this.busyRegion()}
    </form>`;
  }

  #confirm(request: DeviceSignInRequest) {
    const device = request.device;
    const unknown = t('device.unknown');
    return html`<div class="stack">
      <p>${t('device.confirmSubtitle')}</p>
      <p class="user-code" data-user-code>${formatUserCode(request.userCode)}</p>
      <dl>
        <dt>${t('device.name')}</dt>
        <dd data-device-name>${device.name ?? unknown}</dd>
        <dt>${t('device.platform')}</dt>
        <dd>${device.platform ?? unknown}</dd>
        <dt>${t('device.address')}</dt>
        <dd>${device.ipAddress ?? unknown}</dd>
        <dt>${t('device.requestedAt')}</dt>
        <dd>${new Date(request.requestedAt).toLocaleString()}</dd>
      </dl>
      ${this.errorRegion()}
      <div class="row spread">
        <button
          type="button"
          class="secondary"
          aria-busy=${this.waitingOn('deny') ? 'true' : 'false'}
          ?disabled=${this.blocked}
          @click=${() => void this.#decide(false)}
        >
          ${this.busyLabel(t('device.deny'), 'deny')}
        </button>
        <button
          type="button"
          class="primary"
          aria-busy=${this.waitingOn('approve') ? 'true' : 'false'}
          ?disabled=${this.blocked}
          @click=${() => void this.#decide(true)}
        >
          ${this.busyLabel(t('device.approve'), 'approve')}
        </button>
      </div>
      ${this.busyRegion()}
    </div>`;
  }
}

customElements.define('latchkey-device-approve', DeviceApprove);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-device-approve': DeviceApprove;
  }
}
