// <latchkey-session-list>: the active sessions of one device on the devices screen: how and when
// each signed in, this session marked, and "End this session" (asked twice) for the others. Fires
// `sessions-changed` after ending one, so the screen reloads its list.
import { css, html, nothing } from 'lit';
import type { PublicSession } from '../../shared/types.ts';
import { dateTime, relativeTime, t } from '../i18n/i18n.ts';
import { signInMethod } from '../i18n/device-text.ts';
import { FormElement } from '../ui/form-element.ts';
import { itemList } from '../ui/styles/item-list.ts';

export class SessionList extends FormElement {
  static override properties = {
    sessions: { attribute: false },
    label: { type: String },
    confirming: { state: true },
  };

  static override styles = [
    ...FormElement.styles,
    itemList,
    css`
      :host {
        display: block;
      }
      li.session {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem 1rem;
      }
      .title {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.4rem 0.6rem;
        font-weight: 500;
      }
      .badge {
        font-size: 0.8rem;
        font-weight: var(--lk-semibold);
        padding: 0.1rem 0.55rem;
        border-radius: 999px;
        background: var(--lk-accent);
        color: var(--lk-accent-text);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
      }
      .actions .meta {
        margin: 0;
      }
      .alert {
        margin-top: 0.5rem;
      }
    `,
  ];

  declare sessions: PublicSession[];
  /** What the list is called for screen readers ("Sessions on Chrome on Linux"). */
  declare label: string;
  /** The session waiting for its second tap. */
  declare confirming: string | undefined;

  constructor() {
    super();
    this.sessions = [];
    this.label = '';
    this.confirming = undefined;
  }

  #confirm(id: string): void {
    this.confirming = id;
    this.focusFirstField('[data-confirm]');
  }

  #cancel(): void {
    const id = this.confirming;
    this.confirming = undefined;
    if (id) this.focusFirstField(`[data-end="${CSS.escape(id)}"]`);
  }

  async #end(id: string): Promise<void> {
    const done = await this.run(() => this.client.call((api) => api.sessions.revoke.mutate({ id })), id);
    if (done === undefined) return;
    this.confirming = undefined;
    this.emit('sessions-changed');
  }

  protected override render() {
    return html`<ul aria-label=${this.label}>
        ${this.sessions.map((session) => this.#session(session))}
      </ul>
      ${this.errorRegion()} ${this.busyRegion()}`;
  }

  #session(session: PublicSession) {
    const method = signInMethod(session.amr);
    const started = dateTime(session.createdAt);
    return html`<li class="session ${session.current ? 'current' : ''}" data-session-id=${session.id}>
      <div>
        <div class="title">
          <span>${t('devices.signedInWith', { method })}</span>
          ${session.current ? html`<span class="badge">${t('devices.thisSession')}</span>` : nothing}
        </div>
        <p class="meta">
          ${t('devices.started', { when: started })} ·
          ${t('devices.lastActive', { when: relativeTime(session.lastActiveAt) })}
        </p>
      </div>
      ${session.current ? nothing : this.#actions(session, method, started)}
    </li>`;
  }

  #actions(session: PublicSession, method: string, started: string) {
    const end = t('devices.revokeSession');
    if (this.confirming !== session.id) {
      return html`<div class="actions">
        <button
          type="button"
          class="danger"
          data-end=${session.id}
          aria-label=${t('devices.revokeSessionLabel', { method, when: started })}
          @click=${() => this.#confirm(session.id)}
        >
          ${end}
        </button>
      </div>`;
    }
    const confirmId = `confirm-session-${session.id}`;
    return html`<div class="actions">
      <p class="meta" id=${confirmId}>${t('devices.revokeSessionConfirm')}</p>
      <button
        type="button"
        class="danger"
        data-confirm
        aria-describedby=${confirmId}
        aria-busy=${this.waitingOn(session.id) ? 'true' : 'false'}
        ?disabled=${this.blocked}
        @click=${() => void this.#end(session.id)}
      >
        ${this.busyLabel(end, session.id)}
      </button>
      <button type="button" @click=${() => this.#cancel()}>${t('common.cancel')}</button>
    </div>`;
  }
}

customElements.define('latchkey-session-list', SessionList);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-session-list': SessionList;
  }
}
