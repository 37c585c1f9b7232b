// <latchkey-phone-sign-in>: the kiosk's "Use your phone". It asks the server for a sign-in code,
// shows it as XXXX-XXXX and as a QR code of the phone page, and waits; when the phone approves,
// the session becomes the active account and `latchkey-signed-in` fires with the AuthResult.
// Denied, withdrawn (the phone's session ended before the kiosk collected its own) or
// expired, it offers a new code. `latchkey-back` returns to the other ways in.
import { css, html, nothing } from 'lit';
import { renderSVG } from 'uqr';
import type { DeviceSignInStarted } from '../../shared/device-sign-in.ts';
import type { ApiError } from '../../shared/errors.ts';
import type { AuthResult } from '../../shared/types.ts';
import { clock, t } from '../i18n/i18n.ts';
import { isApiError } from '../lib/api-error.ts';
import { Countdown } from '../lib/countdown.ts';
import { waitForDeviceSignIn, type Wait } from '../lib/device-sign-in.ts';
import { FormElement } from '../ui/form-element.ts';

type Phase = 'starting' | 'waiting' | 'denied' | 'withdrawn' | 'expired';

const ENDED_MESSAGE = { denied: 'phone.denied', withdrawn: 'phone.withdrawn', expired: 'phone.expired' } as const;

export class PhoneSignIn extends FormElement {
  static override properties = {
    started: { state: true },
    phase: { state: true },
  };

  static override styles = [
    ...FormElement.styles,
    css`
      :host {
        display: block;
      }
      .qr {
        display: block;
        width: min(240px, 70vw);
        height: auto;
        margin: 0 auto;
        background: #fff;
        border-radius: 8px;
      }
      .user-code {
        font:
          600 2rem/1.2 ui-monospace,
          monospace;
        letter-spacing: 0.12em;
        text-align: center;
        margin: 0;
      }
      .center {
        text-align: center;
      }
    `,
  ];

  declare started: DeviceSignInStarted | undefined;
  declare phase: Phase;
  /** Tests replace the timer between polls. */
  wait: Wait | undefined;
  #stop: AbortController | undefined;
  readonly #expiry = new Countdown(this, () => this.#expired());

  constructor() {
    super();
    this.started = undefined;
    this.phase = 'starting';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop?.abort(new Error('left the screen'));
  }

  async #start(): Promise<void> {
    this.#stop?.abort(new Error('restarted'));
    this.phase = 'starting';
    this.started = undefined;
    const started = await this.run(() =>
      this.client.call((api) => api.auth.startDeviceSignIn.mutate({ device: this.client.device() })),
    );
    if (!started) return;
    this.started = started;
    this.phase = 'waiting';
    this.#expiry.start(started.expiresIn);
    const stop = (this.#stop = new AbortController());
    try {
      const result = await waitForDeviceSignIn(this.client, started, { signal: stop.signal, wait: this.wait });
      this.emit<AuthResult>('latchkey-signed-in', result);
    } catch (error) {
      if (stop.signal.aborted || !isApiError(error)) return;
      this.#ended(error);
    }
  }

  #ended(error: ApiError): void {
    this.#stop?.abort(new Error('ended'));
    if (error.code === 'ACCESS_DENIED') this.phase = error.reason === 'approval_withdrawn' ? 'withdrawn' : 'denied';
    else if (error.code === 'EXPIRED_TOKEN') this.phase = 'expired';
    else this.error = error;
  }

  #expired(): void {
    if (this.phase !== 'waiting') return;
    this.#stop?.abort(new Error('expired'));
    this.phase = 'expired';
  }

  protected override render() {
    const started = this.started;
    const ended = this.phase === 'starting' || this.phase === 'waiting' ? undefined : this.phase;
    return html`<div class="stack">
      <p class="muted">${t('phone.subtitle')}</p>
      ${
        started && this.phase === 'waiting'
          ? html`<img
                class="qr"
                alt=${t('phone.qrAlt')}
                src=${`data:image/svg+xml;charset=utf-8,${encodeURIComponent(
                  renderSVG(started.verificationUriComplete, { ecc: 'M', border: 2, pixelSize: 1 }),
                )}`}
              />
              <p class="center muted">${t('phone.orVisit', { url: started.verificationUri })}</p>
              <p class="user-code" data-user-code aria-label=${t('phone.codeLabel')}>${started.userCode}</p>
              <p class="center" role="status" aria-live="polite">
                ${t('phone.waiting', { time: clock(this.#expiry.remaining) })}
              </p>`
          : nothing
      }
      ${ended ? html`<p role="alert">${t(ENDED_MESSAGE[ended])}</p>` : nothing} ${this.errorRegion()}
      ${
        ended || this.error
          ? html`<button type="button" class="primary block" @click=${() => void this.#start()}>
              ${t('phone.newCode')}
            </button>`
          : nothing
      }
      ${this.busyRegion()}
      <button type="button" class="link" @click=${() => this.emit('latchkey-back')}>${t('common.back')}</button>
    </div>`;
  }
}

customElements.define('latchkey-phone-sign-in', PhoneSignIn);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-phone-sign-in': PhoneSignIn;
  }
}
