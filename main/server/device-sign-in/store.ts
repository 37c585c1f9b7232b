// The device_codes table (migration 0130): one row per kiosk sign-in waiting for a phone. The
// device code is found by its SHA-256, the user code by its HMAC under the sealed server key
// (main/server/email/code-key.ts), so a copy of the database alone yields neither (docs/security.md R38).
import { randomInt } from 'node:crypto';
import { USER_CODE_ALPHABET, USER_CODE_LENGTH } from '../../../shared/device-sign-in.ts';
import type { Services } from '../services.ts';
import type { DeviceSighting } from '../sessions/devices.ts';
import { randomToken, sha256 } from '../crypto/random.ts';
import { stmt } from '../db/statements.ts';
import { keyedHash } from '../email/code-key.ts';

type KeyServices = Pick<Services, 'db' | 'secretBox' | 'clock'>;

export interface DeviceCodeRow {
  id: number;
  device_code_hash: Buffer;
  device_facts: string;
  status: 'pending' | 'approved' | 'denied';
  user_id: number | null;
  amr: string | null;
  aal: number | null;
  /** The session that approved: the approval stands only while it does. */
  approved_by: string | null;
  interval_seconds: number;
  last_polled_at: number | null;
  created_at: number;
  expires_at: number;
}

export const hashDeviceCode = (deviceCode: string): Buffer => sha256(deviceCode);
const hashUserCode = (services: KeyServices, userCode: string): Buffer =>
  keyedHash(services, 'device-user-code', userCode);

/** 8 letters from the unambiguous alphabet: 20^8 ≈ 2.6 × 10^10, guessed only against a budget. */
function randomUserCode(): string {
  let code = '';
  for (let i = 0; i < USER_CODE_LENGTH; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}

/** Inside a transaction: a new pending row; returns both codes in clear, once. */
export function insertDeviceCode(
  services: KeyServices,
  input: { sighting: DeviceSighting; now: number; ttlMs: number; intervalSeconds: number },
): { deviceCode: string; userCode: string } {
  const { db } = services;
  // Housekeeping: expired rows are of no further use (the purge also takes them).
  stmt(db, 'DELETE FROM device_codes WHERE expires_at <= ?').run(input.now);
  const facts = JSON.stringify({ ...input.sighting, trustToken: undefined });
  const insert = stmt(
    db,
    `INSERT INTO device_codes (device_code_hash, user_code_hash, device_facts, interval_seconds, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_code_hash) DO NOTHING`,
  );
  // A user code may collide with a live one (rarely): draw again.
  for (;;) {
    const deviceCode = randomToken(32);
    const userCode = randomUserCode();
    const hashes = [hashDeviceCode(deviceCode), hashUserCode(services, userCode)];
    const added = insert.run(...hashes, facts, input.intervalSeconds, input.now, input.now + input.ttlMs);
    if (added.changes === 1) return { deviceCode, userCode };
  }
}

export function findByDeviceCode(services: Pick<Services, 'db'>, deviceCode: string): DeviceCodeRow | undefined {
  return stmt(services.db, 'SELECT * FROM device_codes WHERE device_code_hash = ?').get(hashDeviceCode(deviceCode)) as
    DeviceCodeRow | undefined;
}

/** A row by its device code's hash (the live-events socket keeps only that). */
export function findByDeviceCodeHash(services: Pick<Services, 'db'>, hash: Buffer): DeviceCodeRow | undefined {
  return stmt(services.db, 'SELECT * FROM device_codes WHERE device_code_hash = ?').get(hash) as
    DeviceCodeRow | undefined;
}

/** A live, undecided row by its user code (normalised): what the phone may still approve or deny. */
export function findPendingByUserCode(services: KeyServices, userCode: string, now: number): DeviceCodeRow | undefined {
  const row = stmt(services.db, "SELECT * FROM device_codes WHERE user_code_hash = ? AND status = 'pending'").get(
    hashUserCode(services, userCode),
  ) as DeviceCodeRow | undefined;
  return row && now < row.expires_at ? row : undefined;
}

export const deviceFactsOf = (row: DeviceCodeRow): DeviceSighting => JSON.parse(row.device_facts) as DeviceSighting;

export function decide(
  services: Pick<Services, 'db'>,
  id: number,
  decision:
    | { status: 'approved'; userId: number; amr: string[]; aal: number; sessionId: string }
    | { status: 'denied'; userId: number },
): boolean {
  const approved = decision.status === 'approved' ? decision : undefined;
  return (
    stmt(
      services.db,
      "UPDATE device_codes SET status = ?, user_id = ?, amr = ?, aal = ?, approved_by = ? WHERE id = ? AND status = 'pending'",
    ).run(
      decision.status,
      decision.userId,
      approved ? JSON.stringify(approved.amr) : null,
      approved ? approved.aal : null,
      approved ? approved.sessionId : null,
      id,
    ).changes === 1
  );
}

export function notePoll(services: Pick<Services, 'db'>, id: number, now: number, intervalSeconds: number): void {
  stmt(services.db, 'UPDATE device_codes SET last_polled_at = ?, interval_seconds = ? WHERE id = ?').run(
    now,
    intervalSeconds,
    id,
  );
}

export function deleteDeviceCode(services: Pick<Services, 'db'>, id: number): boolean {
  return stmt(services.db, 'DELETE FROM device_codes WHERE id = ?').run(id).changes === 1;
}

export function purgeExpiredDeviceCodes(services: Pick<Services, 'db'>, now: number): number {
  return stmt(services.db, 'DELETE FROM device_codes WHERE expires_at <= ?').run(now).changes;
}
