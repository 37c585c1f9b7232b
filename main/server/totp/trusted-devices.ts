// Trusted devices: after a second factor with `trustDevice: true`, sign-ins from that device skip
// the second factor until `devices.trusted_until`. Trust is a server-side record the user sees in
// devices.list and can remove (devices.untrust, devices.revoke); it ends when TOTP is turned off
// or replaced. Over HTTP the device id is what the client says, so trust is only as strong as
// the secrecy of that id; over IPC the main process vouches for it.
import type { Db } from '../db/open.ts';
import type { DeviceRow } from '../sessions/devices.ts';
import { stmt } from '../db/statements.ts';

export const isTrusted = (device: DeviceRow, now: number): boolean =>
  device.trusted_until !== null && device.trusted_until > now;

export function trustDevice(db: Db, devicePk: number, until: number): void {
  stmt(db, 'UPDATE devices SET trusted_until = ? WHERE pk = ?').run(until, devicePk);
}

export function untrustDevice(db: Db, devicePk: number): void {
  stmt(db, 'UPDATE devices SET trusted_until = NULL WHERE pk = ?').run(devicePk);
}

export function untrustAllDevices(db: Db, userId: number): number {
  return stmt(db, 'UPDATE devices SET trusted_until = NULL WHERE user_id = ? AND trusted_until IS NOT NULL').run(userId)
    .changes;
}
