// Trusted devices: after a second factor with `trustDevice: true`, the device receives a random
// 256-bit trust token, shown once; its row (one user, one device) keeps only the token's SHA-256
// and the trust's end. A later sign-in skips the second factor only when it presents that token
// from that device before the end. The device id alone proves nothing: over HTTP the client
// chooses it, and every access token names it (`did`). The user sees the trust in devices.list
// and removes it with devices.untrust or devices.revoke; it also ends when the password changes
// or TOTP is turned off or replaced.
import type { Db } from '../db/open.ts';
import type { DeviceRow } from '../sessions/devices.ts';
import { constantTimeEqual, randomToken, sha256 } from '../crypto/random.ts';
import { stmt } from '../db/statements.ts';

/** Why a sign-in did or did not skip the second factor (audit details; never the token). */
export type TrustVerdict = 'trusted' | 'not_trusted' | 'expired' | 'token_missing' | 'token_mismatch';

export function checkTrust(device: DeviceRow, presented: string | undefined, now: number): TrustVerdict {
  if (device.trusted_until === null || device.trust_token_hash === null) return 'not_trusted';
  if (device.trusted_until <= now) return 'expired';
  if (presented === undefined) return 'token_missing';
  return constantTimeEqual(sha256(presented), device.trust_token_hash) ? 'trusted' : 'token_mismatch';
}

/** Trusts the device until `until` and returns its new token; an earlier token stops working. */
export function trustDevice(db: Db, devicePk: number, until: number): string {
  const token = randomToken(32);
  stmt(db, 'UPDATE devices SET trusted_until = ?, trust_token_hash = ? WHERE pk = ?').run(
    until,
    sha256(token),
    devicePk,
  );
  return token;
}

export function untrustDevice(db: Db, devicePk: number): void {
  stmt(db, 'UPDATE devices SET trusted_until = NULL, trust_token_hash = NULL WHERE pk = ?').run(devicePk);
}

export function untrustAllDevices(db: Db, userId: number): number {
  return stmt(
    db,
    `UPDATE devices SET trusted_until = NULL, trust_token_hash = NULL
     WHERE user_id = ? AND (trusted_until IS NOT NULL OR trust_token_hash IS NOT NULL)`,
  ).run(userId).changes;
}
