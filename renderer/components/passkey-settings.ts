// <latchkey-passkey-settings>: the Account screen's passkeys. "Add a passkey" (needs a recent
// sign-in: REAUTH_REQUIRED offers one through `latchkey-reauth`), and each passkey with when it was
// added and last used, renamed in place or deleted after a second tap. Shown only where the server
// offers passkeys; the add button only where this platform has an authenticator.
import { css, html, nothing } from 'lit';
import type { ApiError } from '../../shared/errors.ts';
import type { PublicPasskey } from '../../shared/passkeys.ts';
import { dateTime, relativeTime, t } from '../i18n/i18n.ts';
import { field, statusRegion } from '../ui/fields.ts';
import { FormElement } from '../ui/form-element.ts';
import { reauthPrompt } from '../ui/reauth-prompt.ts';
import { itemList } from '../ui/styles/item-list.ts';
import { nameError } from '../ui/validate.ts';
import { createPasskey, passkeysSupported } from '../lib/passkeys.ts';

export class PasskeySettings extends FormElement {
  static override properties = {
    passkeys: { state: true },
    offered: { state: true },
    editing: { state: true },
    draft: { state: true },
    confirming: { state: true },
    notice: { state: true },
    needsReauth: { state: true },
  };

  static override styles = [
    ...FormElement.styles,
    itemList,
    css`
      :host {
        display: block;
      }
      li {
        display: grid;
        gap: 0.5rem;
      }
      .name {
        font-weight: 500;
        overflow-wrap: anywhere;
      }
    `,
  ];

  declare passkeys: PublicPasskey[] | undefined;
  declare offered: boolean;
  declare editing: string | undefined;
  declare draft: string;
  declare confirming: string | undefined;
  declare notice: string | undefined;
  declare needsReauth: boolean;

  constructor() {
    super();
    this.passkeys = undefined;
    this.offered = false;
    this.editing = undefined;
    this.draft = '';
    this.confirming = undefined;
    this.notice = undefined;
    this.needsReauth = false;
  }

  protected override firstUpdated(): void {
    void this.client.methods().then((methods) => {
      this.offered = methods.passkey;
      if (methods.passkey) void this.#load();
    });
  }

  async #load(): Promise<void> {
    this.passkeys = await this.client.call((api) => api.passkeys.list.query()).catch(() => this.passkeys);
  }

  protected override failed(error: ApiError): void {
    if (error.code === 'REAUTH_REQUIRED') this.needsReauth = true;
  }

  async #add(): Promise<void> {
    this.notice = undefined;
    const added = await this.run(async () => {
      const options = await this.client.call((api) => api.passkeys.registrationOptions.mutate());
      const response = await createPasskey(options);
      return this.client.call((api) => api.passkeys.register.mutate({ response: response as never }));
    }, 'add');
    if (!added) return;
    this.notice = t('passkey.added');
    await this.#load();
  }

  async #rename(id: string): Promise<void> {
    if (nameError(this.draft)) return;
    const renamed = await this.run(
      () => this.client.call((api) => api.passkeys.rename.mutate({ id, name: this.draft.trim() })),
      `rename-${id}`,
    );
    if (!renamed) return;
    this.editing = undefined;
    this.notice = t('passkey.renamed');
    await this.#load();
  }

  async #delete(id: string): Promise<void> {
    const deleted = await this.run(() => this.client.call((api) => api.passkeys.delete.mutate({ id })), `delete-${id}`);
    if (!deleted) return;
    this.confirming = undefined;
    this.notice = t('passkey.deleted');
    await this.#load();
  }

  protected override render() {
    if (!this.offered) return nothing;
    const email = this.client.active?.user.email;
    return html`<div class="stack">
      <p class="muted">${t('passkey.help')}</p>
      ${statusRegion(this.notice)}
      ${
        this.passkeys?.length === 0
          ? html`<p class="muted">${t('passkey.none')}</p>`
          : html`<ul aria-label=${t('passkey.title')}>
              ${(this.passkeys ?? []).map((passkey) => this.#item(passkey))}
            </ul>`
      }
      ${this.errorRegion()}
      ${
        this.needsReauth
          ? reauthPrompt(t('passkey.reauth'), () => this.emit('latchkey-reauth', { email }))
          : passkeysSupported()
            ? html`<div class="row">
                <button
                  type="button"
                  class="primary"
                  data-action="add-passkey"
                  aria-busy=${this.waitingOn('add') ? 'true' : 'false'}
                  ?disabled=${this.blocked}
                  @click=${() => void this.#add()}
                >
                  ${this.busyLabel(t('passkey.add'), 'add')}
                </button>
              </div>`
            : nothing
      }
      ${this.busyRegion()}
    </div>`;
  }

  #item(passkey: PublicPasskey) {
    const used = passkey.lastUsedAt ? ` · ${t('passkey.lastUsed', { when: relativeTime(passkey.lastUsedAt) })}` : '';
    return html`<li data-passkey-id=${passkey.id}>
      ${
        this.editing === passkey.id
          ? html`<form
              class="stack"
              novalidate
              @submit=${(e: Event) => {
                e.preventDefault();
                void this.#rename(passkey.id);
              }}
            >
              ${field({
                id: `passkey-name-${passkey.id}`,
                label: t('passkey.nameLabel'),
                value: this.draft,
                maxlength: 100,
                autofocus: true,
                error: nameError(this.draft),
                onInput: (value) => (this.draft = value),
              })}
              <div class="row">
                <button type="submit" class="primary" ?disabled=${this.blocked}>${t('common.save')}</button>
                <button type="button" @click=${() => (this.editing = undefined)}>${t('common.cancel')}</button>
              </div>
            </form>`
          : html`<div>
              <div class="name">${passkey.name}${passkey.backupEligible ? ` · ${t('passkey.synced')}` : ''}</div>
              <p class="meta">${t('passkey.created', { when: dateTime(passkey.createdAt) })}${used}</p>
            </div>`
      }
      ${this.editing === passkey.id ? nothing : this.#actions(passkey)}
    </li>`;
  }

  #actions(passkey: PublicPasskey) {
    if (this.confirming === passkey.id) {
      return html`<div class="row">
        <span class="meta">${t('passkey.deleteConfirm')}</span>
        <button
          type="button"
          class="danger"
          data-confirm-delete
          aria-busy=${this.waitingOn(`delete-${passkey.id}`) ? 'true' : 'false'}
          ?disabled=${this.blocked}
          @click=${() => void this.#delete(passkey.id)}
        >
          ${this.busyLabel(t('passkey.delete'), `delete-${passkey.id}`)}
        </button>
        <button type="button" @click=${() => (this.confirming = undefined)}>${t('common.cancel')}</button>
      </div>`;
    }
    return html`<div class="row">
      <button
        type="button"
        data-action="rename"
        @click=${() => {
          this.draft = passkey.name;
          this.editing = passkey.id;
        }}
      >
        ${t('passkey.rename')}
      </button>
      <button type="button" class="danger" data-action="delete" @click=${() => (this.confirming = passkey.id)}>
        ${t('passkey.delete')}
      </button>
    </div>`;
  }
}

customElements.define('latchkey-passkey-settings', PasskeySettings);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-passkey-settings': PasskeySettings;
  }
}
