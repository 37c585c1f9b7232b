// The captcha step of a screen that sends email codes (sign-in, code entry, password reset): the
// server asks for it by refusing a send, the screen shows <latchkey-captcha>, and the answer rides
// along with the next send. One controller, so the three screens ask and answer alike.
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ApiError } from '../../shared/errors.ts';
import { showCaptcha, type CaptchaAnswer } from './captcha.ts';

interface CaptchaHost extends ReactiveControllerHost {
  readonly renderRoot: ParentNode;
  error: ApiError | undefined;
}

export class CaptchaStep implements ReactiveController {
  #needed = false;
  #answer: CaptchaAnswer | undefined;
  readonly #host: CaptchaHost;

  constructor(host: CaptchaHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  get needed(): boolean {
    return this.#needed;
  }

  /** The fields a send carries: the answer, once the captcha is shown and answered. */
  fields(): { captchaId?: string; captchaAnswer?: string } {
    const answer = this.#needed && this.#answer?.answer ? this.#answer : undefined;
    return answer ? { captchaId: answer.captchaId, captchaAnswer: answer.answer } : {};
  }

  /** The server took a send: the captcha is spent. */
  passed(): void {
    this.#needed = false;
    this.#host.requestUpdate();
  }

  /** Shows the captcha (a fresh picture if one was shown) when `error` asks for one; says if it did. */
  refused(error: ApiError): boolean {
    if (error.code !== 'CAPTCHA_REQUIRED' && error.code !== 'CAPTCHA_INVALID') return false;
    const shown = this.#needed;
    this.#needed = true;
    // Asked for the first time, the puzzle is a step, not a mistake: no error before any input.
    if (!shown && error.code === 'CAPTCHA_REQUIRED') this.#host.error = undefined;
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => showCaptcha(this.#host.renderRoot, shown));
    return true;
  }

  render() {
    return this.#needed
      ? html`<latchkey-captcha
          @captcha-change=${(e: CustomEvent<CaptchaAnswer>) => (this.#answer = e.detail)}
        ></latchkey-captcha>`
      : nothing;
  }
}
