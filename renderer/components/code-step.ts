// The mailed-code step that code entry, password reset and email change share: the code and the
// form's "done" line, a help line naming the address the code went to above the six boxes
// (<latchkey-code-input>), boxes emptied after a wrong or used-up code, and the wait before the
// server sends another code.
import { css, html, type PropertyDeclarations } from 'lit';
import type { ApiError } from '../../shared/errors.ts';
import { clock, t } from '../i18n/i18n.ts';
import type { StringKey } from '../i18n/strings.ts';
import { Countdown } from '../lib/countdown.ts';
import { FormElement } from '../ui/form-element.ts';
import type { CodeInput } from './code-input.ts';
import './code-input.ts';

/** The text of `key` with its {email} in bold (the address stays whole however long it is). */
export function withEmail(key: StringKey, email: string) {
  return t(key, { email: '\u0000' })
    .split('\u0000')
    .map((part, i) => (i === 0 ? part : html`<span class="email">${email}</span>${part}`));
}

const codeStepStyles = css`
  :host {
    display: block;
  }
  .email {
    font-weight: var(--lk-semibold);
    overflow-wrap: anywhere;
  }
`;

export class CodeStepElement extends FormElement {
  static override properties: PropertyDeclarations = {
    code: { state: true },
    notice: { state: true },
  };

  static override styles = [...FormElement.styles, codeStepStyles];

  declare code: string;
  /** The form's "done" line (a new code sent, the change made); a screen of several forms may clear it. */
  declare notice: string | undefined;
  /** The server's wait before it sends another code. */
  protected readonly resend = new Countdown(this);

  constructor() {
    super();
    this.code = '';
    this.notice = undefined;
  }

  /** A wrong code, or one used up, leaves the boxes empty for the next try. */
  protected override failed(error: ApiError): void {
    if (error.code === 'CODE_INVALID' || error.code === 'TOO_MANY_ATTEMPTS') this.clearCode();
  }

  protected clearCode(): void {
    this.code = '';
    this.renderRoot.querySelector<CodeInput>('latchkey-code-input')?.clear();
  }

  /**
   * A code went out: the next waits `resendAfter` seconds. One that `replaces` a code already sent
   * says so and empties the boxes. Focus goes to the boxes.
   */
  protected codeSent(resendAfter: number, replaces: boolean): void {
    this.resend.start(resendAfter);
    if (replaces) {
      this.notice = t('code.sent');
      this.clearCode();
    }
    this.focusFirstField();
  }

  /** "Send a new code", or how long until the server will. */
  protected resendText(): string {
    return this.resend.running ? t('code.resendIn', { time: clock(this.resend.remaining) }) : t('code.resend');
  }

  /**
   * The help line `helpId` (the text of `help`, naming `email`) and the boxes it describes, which get
   * focus when the step opens; `onComplete` sends the form as the sixth digit goes in.
   */
  protected codeBoxes(o: { helpId: string; help: StringKey; email: string; onComplete?: () => void }) {
    return html`<p class="muted" id=${o.helpId}>${withEmail(o.help, o.email)}</p>
      <latchkey-code-input
        data-autofocus
        described-by=${o.helpId}
        .value=${this.code}
        ?invalid=${this.error?.code === 'CODE_INVALID'}
        ?disabled=${this.busy}
        @code-change=${(e: CustomEvent<string>) => (this.code = e.detail)}
        @code-complete=${o.onComplete}
      ></latchkey-code-input>`;
  }
}
