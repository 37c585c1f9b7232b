// <latchkey-account-switcher>: on a shared kiosk, the accounts already signed in here, one tap to
// switch, and "Add account" to sign in another without signing anyone out.
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
        min-height: 44px;
        padding: 0.35rem 0.75rem;
        border: 1.5px solid var(--lk-border);
        border-radius: 10px;
        cursor: pointer;
        font-weight: 600;
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
        min-width: min(18rem, calc(100vw - 2rem));
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
        overflow-wrap: anywhere;
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
        ${active?.user.name ?? t('kiosk.addAccount')} <span aria-hidden="true">▾</span>
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
                  @click=${() => {
                    this.#close();
                    this.client.switchTo(account.user.id);
                  }}
                >
                  ${account.user.name} · ${account.user.email}
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
