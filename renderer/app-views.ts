// The app's views (one per URL hash, so Back works): which are open signed out, which signed in,
// and what each is called in the window title; and the notice shown for each way a session ends.
import type { EndReason } from './lib/latchkey.ts';
import type { StringKey } from './i18n/strings.ts';

export type View =
  'sign-in' | 'register' | 'phone' | 'account' | 'devices' | 'totp-setup' | 'inbox' | 'device' | 'email-change-report';
// `phone`: the kiosk signs in from a phone; `device`: the phone's page for it (/device), signed in.
export const SIGNED_OUT: View[] = ['sign-in', 'register', 'phone', 'inbox', 'device', 'email-change-report'];
export const SIGNED_IN: View[] = ['account', 'devices', 'totp-setup', 'inbox', 'device', 'email-change-report'];
/** Views that stay put whether or not someone is signed in. */
export const EITHER: View[] = ['inbox', 'device', 'email-change-report'];
/** Views that use the wide column. */
export const WIDE: View[] = ['account', 'devices', 'totp-setup', 'inbox'];
export const TITLES: Record<View, StringKey> = {
  'sign-in': 'signIn.title',
  register: 'register.title',
  phone: 'phone.title',
  device: 'device.title',
  account: 'account.title',
  devices: 'devices.title',
  'totp-setup': 'setup.title',
  inbox: 'inbox.title',
  'email-change-report': 'report.title',
};
export const ENDED: Record<EndReason, StringKey> = {
  idle: 'ended.idle',
  session_ended: 'ended.session',
  signed_out: 'ended.signedOut',
  deleted: 'account.deleted',
};
