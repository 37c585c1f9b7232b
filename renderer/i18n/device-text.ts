// How the devices screen words devices and sessions in the screen's language: a name the browser
// made ("Chrome on Linux") is translated, one a person chose is shown as is; what tells two devices
// of the same name apart (first seen, address, a short id); how a session signed in.
import type { PublicDevice } from '../../shared/types.ts';
import { parseBrowserDeviceName } from '../lib/device.ts';
import { dateTime, t } from './i18n.ts';
import type { StringKey } from './strings.ts';

export function deviceName(device: Pick<PublicDevice, 'name'>): string {
  if (!device.name) return t('devices.unnamed');
  const made = parseBrowserDeviceName(device.name);
  if (!made) return device.name;
  const browser = made.browser === 'Browser' ? t('devices.browser') : made.browser;
  return t('devices.browserOn', { browser, os: made.os });
}

/** The first characters of the id after its prefix ("dev_"): enough to tell devices apart. */
export function shortDeviceId(id: string): string {
  return id.slice(id.indexOf('_') + 1).slice(0, 6);
}

/** "First seen Mar 5, 2026, 9:41 AM", "from 203.0.113.7", "ID a1B2c3": each profile differs somewhere. */
export function deviceFacts(device: Pick<PublicDevice, 'id' | 'createdAt' | 'ipAddress'>): string[] {
  return [
    t('devices.firstSeen', { when: dateTime(device.createdAt) }),
    ...(device.ipAddress ? [t('devices.address', { address: device.ipAddress })] : []),
    t('devices.shortId', { id: shortDeviceId(device.id) }),
  ];
}

const METHODS: Record<string, StringKey> = {
  pwd: 'method.pwd',
  otp: 'method.otp',
  totp: 'method.totp',
  recovery: 'method.recovery',
  hwk: 'method.hwk',
  swk: 'method.swk',
};

/** "Email code + authenticator app" from a session's amr (`mfa` only restates the second step). */
export function signInMethod(amr: readonly string[]): string {
  const named = amr
    // `mfa` only restates the second step; `user` (verified on the passkey) is part of the passkey.
    .filter((value) => value !== 'mfa' && value !== 'user')
    .map((value) => (Object.hasOwn(METHODS, value) ? t(METHODS[value]!) : value));
  return named.length > 0 ? named.join(' + ') : t('method.unknown');
}
