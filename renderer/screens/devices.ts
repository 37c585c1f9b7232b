// <latchkey-devices>: every device signed in to the account, this one marked, each with its active
// sessions (<latchkey-session-list>); rename, stop trusting, sign out one device or every other
// session. Devices of the same name (two browser profiles) differ by first sign-in, address and a
// short id. The list follows the server's live events, so a sign-in elsewhere appears without a
// reload.
import { html, nothing } from 'lit';
import type { PublicDevice, PublicSession } from '../../shared/types.ts';
import { relativeTime, t } from '../i18n/i18n.ts';
import { deviceFacts, deviceName } from '../i18n/device-text.ts';
import { statusRegion } from '../ui/fields.ts';
import { busyLabel, busyStatus } from '../ui/busy.ts';
import { FormElement } from '../ui/form-element.ts';
import { whileConnected } from '../ui/base.ts';
import type { LatchkeyClient } from '../lib/latchkey.ts';
import { platformIcon } from '../ui/icons.ts';
import { devicesStyles } from './devices-styles.ts';
import { deviceActions } from './device-actions.ts';
import { nameError } from '../ui/validate.ts';
import '../components/session-list.ts';

interface DeviceRow {
  device: PublicDevice;
  sessions: PublicSession[];
}

export class DevicesScreen extends FormElement {
  static override properties = {
    rows: { state: true },
    renaming: { state: true },
    newName: { state: true },
    confirming: { state: true },
    notice: { state: true },
    live: { state: true },
    refreshing: { state: true },
  };

  static override styles = [...FormElement.styles, devicesStyles];

  declare rows: DeviceRow[] | undefined;
  declare renaming: string | undefined;
  declare newName: string;
  /** The device waiting for a second tap before it is signed out. */
  declare confirming: string | undefined;
  declare notice: string | undefined;
  declare live: string;
  /** "Refresh" was pressed and the list is on its way. */
  declare refreshing: boolean;
  #reloadTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    whileConnected(this, (client) => this.#follow(client));
    this.rows = undefined;
    this.renaming = undefined;
    this.newName = '';
    this.confirming = undefined;
    this.notice = undefined;
    this.live = '';
    this.refreshing = false;
  }

  #follow(client: LatchkeyClient): () => void {
    void this.load();
    const stopEvents = client.onAccountEvent((event) => {
      if (event.type === 'ready') return;
      // Events come in bursts (a sign-in creates a device and a session): reload once.
      clearTimeout(this.#reloadTimer);
      this.#reloadTimer = setTimeout(() => void this.load(true), 150);
    });
    return () => {
      stopEvents();
      clearTimeout(this.#reloadTimer);
    };
  }

  protected override firstUpdated(): void {
    this.focusFirstField();
  }

  async load(fromEvent = false): Promise<void> {
    try {
      const [devices, sessions] = await this.client.call((api) =>
        Promise.all([api.devices.list.query(), api.sessions.list.query()]),
      );
      this.rows = devices
        .map((device) => ({ device, sessions: sessions.filter((s) => s.deviceId === device.id) }))
        .filter((row) => row.device.current || row.sessions.length > 0)
        .sort(
          (a, b) =>
            Number(b.device.current) - Number(a.device.current) ||
            b.device.lastSeenAt.localeCompare(a.device.lastSeenAt),
        );
      if (fromEvent) this.live = t('devices.updated');
    } catch {
      // A dead session signs out through the client; other failures keep the last list.
    }
  }

  async #refresh(): Promise<void> {
    this.refreshing = true;
    try {
      await this.load();
    } finally {
      this.refreshing = false;
    }
  }

  async #act(work: () => Promise<unknown>, action: string): Promise<void> {
    this.notice = undefined;
    const done = await this.run(work, action);
    if (done === undefined) return;
    this.renaming = undefined;
    this.confirming = undefined;
    await this.load();
  }

  #rename(device: PublicDevice): Promise<void> {
    if (nameError(this.newName)) return Promise.resolve();
    return this.#act(
      () => this.client.call((api) => api.devices.rename.mutate({ id: device.id, name: this.newName.trim() })),
      `rename-${device.id}`,
    );
  }

  async #signOutOthers(): Promise<void> {
    this.notice = undefined;
    const done = await this.run(() => this.client.call((api) => api.sessions.revokeOthers.mutate()), 'others');
    if (!done) return;
    this.notice = t('devices.othersDone', { n: done.revokedSessions });
    await this.load();
  }

  #confirm(id: string | undefined): void {
    const was = this.confirming;
    this.confirming = id;
    this.focusFirstField(id ? '[data-confirm]' : `[data-sign-out="${CSS.escape(was ?? '')}"]`);
  }

  protected override render() {
    const rows = this.rows;
    // Every session but this one, on other devices or on this one (a second tab, another app).
    const others = rows?.reduce((n, row) => n + row.sessions.filter((s) => !s.current).length, 0) ?? 0;
    return html`<section class="card" aria-labelledby="devices-title">
      <h1 id="devices-title">${t('devices.title')}</h1>
      <p class="muted">${t('devices.subtitle')}</p>
      <div class="row toolbar">
        <button
          type="button"
          data-autofocus
          aria-busy=${this.refreshing ? 'true' : 'false'}
          @click=${() => void this.#refresh()}
        >
          ${busyLabel(this.refreshing, t('devices.refresh'))}
        </button>
        <button
          type="button"
          class="danger"
          aria-busy=${this.waitingOn('others') ? 'true' : 'false'}
          ?disabled=${this.blocked || others === 0}
          @click=${() => void this.#signOutOthers()}
        >
          ${this.busyLabel(t('devices.signOutOthers'), 'others')}
        </button>
      </div>
      ${this.errorRegion()} ${statusRegion(this.notice)} ${busyStatus(this.busy || this.refreshing)}
      <p class="visually-hidden" aria-live="polite">${this.live}</p>
      ${
        rows
          ? html`<ul>
              ${rows.map((row) => this.#device(row))}
            </ul>`
          : html`<p class="muted">${t('loading')}</p>`
      }
      ${rows && others === 0 ? html`<p class="muted empty">${t('devices.empty')}</p>` : nothing}
    </section>`;
  }

  #device({ device, sessions }: DeviceRow) {
    const name = deviceName(device);
    const platform = t(`platform.${device.platform ?? 'unknown'}` as 'platform.web');
    return html`<li class="device ${device.current ? 'current' : ''}" data-device-id=${device.id}>
      <span class="icon">${platformIcon(device.platform)}</span>
      <div>
        <div class="title">
          <span class="name">${name}</span>
          ${device.current ? html`<span class="badge current">${t('devices.thisDevice')}</span>` : nothing}
          ${device.trustedUntil ? html`<span class="badge trusted">${t('devices.trusted')}</span>` : nothing}
        </div>
        <p class="meta">
          ${platform} · ${t('devices.lastSeen', { when: relativeTime(device.lastSeenAt) })} ·
          ${sessions.length === 1 ? t('devices.sessionOne') : t('devices.sessions', { n: sessions.length })}
        </p>
        <p class="meta facts">${deviceFacts(device).join(' · ')}</p>
      </div>
      ${
        sessions.length > 0
          ? html`<latchkey-session-list
              class="sessions"
              .sessions=${sessions}
              label=${t('devices.sessionsOf', { name })}
              @sessions-changed=${() => void this.load()}
            ></latchkey-session-list>`
          : nothing
      }
      <div class="actions">${this.#actions(device, name)}</div>
    </li>`;
  }

  #actions(device: PublicDevice, name: string) {
    return deviceActions(
      {
        renaming: this.renaming,
        newName: this.newName,
        confirming: this.confirming,
        blocked: this.blocked,
        waitingOn: (action) => this.waitingOn(action),
        busyLabel: (label, action) => this.busyLabel(label, action),
        setNewName: (value) => (this.newName = value),
        startRename: () => {
          this.renaming = device.id;
          this.newName = device.name ? name : '';
          this.focusFirstField(`#${CSS.escape(`rename-${device.id}`)}`);
        },
        cancelRename: () => (this.renaming = undefined),
        rename: () => void this.#rename(device),
        untrust: () =>
          void this.#act(
            () => this.client.call((api) => api.devices.untrust.mutate({ id: device.id })),
            `untrust-${device.id}`,
          ),
        revoke: () =>
          void this.#act(
            () => this.client.call((api) => api.devices.revoke.mutate({ id: device.id })),
            `revoke-${device.id}`,
          ),
        confirm: (id) => this.#confirm(id),
      },
      device,
      name,
    );
  }
}

customElements.define('latchkey-devices', DevicesScreen);

declare global {
  interface HTMLElementTagNameMap {
    'latchkey-devices': DevicesScreen;
  }
}
