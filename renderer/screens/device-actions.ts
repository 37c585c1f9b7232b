// What can be done to one device on the devices screen: rename it (an inline form), stop trusting
// it, or sign it out after a second tap. The screen holds the state and the calls; this is the
// buttons and forms for one device.
import { html, nothing, type TemplateResult } from 'lit';
import type { PublicDevice } from '../../shared/types.ts';
import { t } from '../i18n/i18n.ts';
import { field } from '../ui/fields.ts';
import { onSubmit } from '../ui/form-element.ts';
import { nameError } from '../ui/validate.ts';

export interface DeviceActionsView {
  /** The device whose rename form is open. */
  renaming: string | undefined;
  newName: string;
  /** The device waiting for a second tap before it is signed out. */
  confirming: string | undefined;
  blocked: boolean;
  waitingOn(action: string): boolean;
  busyLabel(label: string, action: string): TemplateResult;
  setNewName(value: string): void;
  startRename(): void;
  cancelRename(): void;
  rename(): void;
  untrust(): void;
  revoke(): void;
  confirm(id: string | undefined): void;
}

export function deviceActions(view: DeviceActionsView, device: PublicDevice, name: string) {
  if (view.renaming === device.id) return renameForm(view, device);
  if (view.confirming === device.id) {
    const action = `revoke-${device.id}`;
    return html`<p class="meta" id="confirm-${device.id}">${t('devices.revokeConfirm', { name })}</p>
      <button
        type="button"
        class="danger"
        data-confirm
        aria-describedby="confirm-${device.id}"
        aria-busy=${view.waitingOn(action) ? 'true' : 'false'}
        ?disabled=${view.blocked}
        @click=${() => view.revoke()}
      >
        ${view.busyLabel(t('devices.revokeDevice'), action)}
      </button>
      <button type="button" @click=${() => view.confirm(undefined)}>${t('common.cancel')}</button>`;
  }
  const label = (action: string) => `${action}: ${name}`;
  return html`<button type="button" aria-label=${label(t('devices.rename'))} @click=${() => view.startRename()}>
      ${t('devices.rename')}
    </button>
    ${
      device.trustedUntil
        ? html`<button
            type="button"
            aria-label=${label(t('devices.untrust'))}
            aria-busy=${view.waitingOn(`untrust-${device.id}`) ? 'true' : 'false'}
            ?disabled=${view.blocked}
            @click=${() => view.untrust()}
          >
            ${view.busyLabel(t('devices.untrust'), `untrust-${device.id}`)}
          </button>`
        : nothing
    }
    ${
      device.current
        ? nothing
        : html`<button
            type="button"
            class="danger"
            data-sign-out=${device.id}
            aria-label=${label(t('devices.revokeDevice'))}
            @click=${() => view.confirm(device.id)}
          >
            ${t('devices.revokeDevice')}
          </button>`
    }`;
}

function renameForm(view: DeviceActionsView, device: PublicDevice) {
  const action = `rename-${device.id}`;
  return html`<form novalidate @submit=${onSubmit(() => view.rename())}>
    ${field({
      id: action,
      label: t('devices.renameLabel'),
      value: view.newName,
      maxlength: 100,
      autofocus: true,
      error: nameError(view.newName),
      onInput: (value) => view.setNewName(value),
    })}
    <button
      type="submit"
      class="primary"
      aria-busy=${view.waitingOn(action) ? 'true' : 'false'}
      ?disabled=${view.blocked}
    >
      ${view.busyLabel(t('common.save'), action)}
    </button>
    <button type="button" @click=${() => view.cancelRename()}>${t('common.cancel')}</button>
  </form>`;
}
