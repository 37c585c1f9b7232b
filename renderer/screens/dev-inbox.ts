// <latchkey-dev-inbox>: the mail the server sent, read from its outbox. Dev mode only: the app shows
// it only when the transport reaches a dev server's outbox.
import { css, html, nothing } from 'lit';
import { relativeTime, t } from '../i18n/i18n.ts';
import type { DevMessage } from '../lib/transport.ts';
import { LatchkeyElement } from '../ui/base.ts';

const POLL_MS = 5000;

export class DevInbox extends LatchkeyElement {
  static override properties = { messages: { state: true } };

  static override styles = [
    ...LatchkeyElement.styles,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.75rem;
      }
      li {
        border: 1px solid var(--lk-border);
        border-radius: 12px;
        padding: 1rem;
        overflow-wrap: anywhere;
      }
      .subject {
        font-weight: var(--lk-semibold);
        margin: 0;
      }
      .code {
        font-family: var(--lk-mono);
        font-size: 1.6rem;
        letter-spacing: 0.2em;
        margin: 0.25rem 0;
      }
      pre {
        white-space: pre-wrap;
        font: inherit;
        font-size: 0.9rem;
        color: var(--lk-muted);
        margin: 0.5rem 0 0;
      }
      .toolbar {
        margin-bottom: 1rem;
      }
    `,
  ];

  declare messages: DevMessage[] | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.messages = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    this.#timer = setInterval(() => void this.load(), POLL_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
  }

  protected override firstUpdated(): void {
    this.focusFirstField();
  }

  async load(): Promise<void> {
    this.messages = (await this.client.transport.devOutbox?.().catch(() => undefined)) ?? [];
  }

  protected override render() {
    const messages = this.messages;
    return html`<section class="card" aria-labelledby="inbox-title">
      <h1 id="inbox-title">${t('inbox.title')}</h1>
      <p class="muted">${t('inbox.subtitle')}</p>
      <div class="row toolbar">
        <button type="button" data-autofocus @click=${() => void this.load()}>${t('inbox.refresh')}</button>
      </div>
      ${
        !messages
          ? html`<p class="muted">${t('loading')}</p>`
          : messages.length === 0
            ? html`<p class="muted">${t('inbox.empty')}</p>`
            : html`<ul>
                ${messages.map(
                  (message) =>
                    html`<li>
                      <p class="subject">${message.subject}</p>
                      <p class="small muted">
                        ${t('inbox.to', { to: message.to })} · ${relativeTime(message.createdAt)}
                      </p>
                      ${
                        message.code
                          ? html`<p class="code" aria-label="${t('inbox.code')}: ${message.code.split('').join(' ')}">
                              ${message.code}
                            </p>`
                          : nothing
                      }
                      ${message.purpose ? html`<p class="small muted purpose">${message.purpose}</p>` : nothing}
                      <pre>${message.text}</pre>
                    </li>`,
                )}
              </ul>`
      }
    </section>`;
  }
}

customElements.define('latchkey-dev-inbox', DevInbox);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-dev-inbox': DevInbox;
  }
}
