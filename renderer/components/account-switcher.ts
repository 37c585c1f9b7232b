// <latchkey-account-switcher>: on a shared kiosk, the accounts already signed in here, one tap to
// switch, and "Add account" to sign in another without signing anyone out. A long name or email
// ends in an ellipsis (never breaks mid-word); the whole address is in the item's title.
import { css, html } from 'lit';
import { t } from '../i18n/i18n.ts';
import { LatchkeyElement, rerenderOnAccounts } from '../ui/base.ts';

export class AccountSwitcher extends LatchkeyElement {
  static override styles = [
    ...LatchkeyElement.styles,
    css`
      :host {
        display: inline-block;
        position: relative;
      }
      summary {
        list-style: none;
        display: inline-flex;
        align-items: center;
        gap: 0.5rem;
        min-height: 2.75rem;
        padding: 0.35rem 0.75rem;
        border: 1.5px solid var(--lk-border);
        border-radius: 10px;
        cursor: pointer;
        font-weight: var(--lk-semibold);
        background: var(--lk-surface);
      }
      summary::-webkit-details-marker {
        display: none;
      }
      summary:focus-visible {
        outline: 3px solid var(--lk-focus);
        outline-offset: 2px;
      }
      .menu {
        position: absolute;
        right: 0;
        z-index: 10;
        margin-top: 0.4rem;
        width: min(22rem, calc(100vw - 2rem));
        padding: 0.5rem;
        background: var(--lk-surface);
        border: 1px solid var(--lk-border);
        border-radius: 12px;
        box-shadow: var(--lk-shadow);
      }
      .menu ul {
        list-style: none;
        margin: 0 0 0.5rem;
        padding: 0;
        display: grid;
        gap: 0.25rem;
      }
      .menu button {
        width: 100%;
        justify-content: flex-start;
        text-align: left;
        border-color: transparent;
      }
      .menu .who {
        display: grid;
        min-width: 0;
      }
      .who span,
      summary .current {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .who .email {
        color: var(--lk-muted);
        font-size: 0.9rem;
        font-weight: 400;
      }
      summary .current {
        max-width: 12rem;
      }
      @media (max-width: 40rem) {
        summary .current {
          max-width: 6rem;
        }
        /* Under the header, across the screen: anchored to the button it would leave the phone. */
        .menu {
          position: fixed;
          left: 0.75rem;
          right: 0.75rem;
          width: auto;
        }
      }
      .menu button[aria-current='true'] {
        border-color: var(--lk-accent);
      }
    `,
  ];

  constructor() {
    super();
    rerenderOnAccounts(this);
  }

  #close(): void {
    this.renderRoot.querySelector('details')?.removeAttribute('open');
  }

  protected override render() {
    const { accounts, active } = this.client;
    return html`<details>
      <summary>
        <span class="visually-hidden">${t('kiosk.switch')}:</span>
        <span class="current" title=${active?.user.email ?? ''}>${active?.user.name ?? t('kiosk.addAccount')}</span>
        <span aria-hidden="true">▾</span>
      </summary>
      <div class="menu">
        <p class="label small">${t('kiosk.accounts')}</p>
        <ul>
          ${accounts.map(
            (account) =>
              html`<li>
                <button
                  type="button"
                  aria-current=${account.user.id === active?.user.id ? 'true' : 'false'}
                  title=${account.user.email}
                  @click=${() => {
                    this.#close();
                    this.client.switchTo(account.user.id);
                  }}
                >
                  <span class="who">
                    <span>${account.user.name}</span><span class="email">${account.user.email}</span>
                  </span>
                </button>
              </li>`,
          )}
        </ul>
        <button
          type="button"
          @click=${() => {
            this.#close();
            this.client.detach();
          }}
        >
          ＋ ${t('kiosk.addAccount')}
        </button>
      </div>
    </details>`;
  }
}

customElements.define('latchkey-account-switcher', AccountSwitcher);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-account-switcher': AccountSwitcher;
  }
}
