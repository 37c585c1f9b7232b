// Devices a user signs in from (docs/architecture.md; docs/security.md R37). A device is identified by the
// id its client sends (or one we assign and return), scoped to the user: two accounts on one
// phone are two device rows.
import type { Db } from '../db/open.ts';
import type { DeviceInput } from '../../../shared/schemas.ts';
import type { PublicDevice } from '../../../shared/types.ts';
import { toIso } from '../clock.ts';
import { randomId } from '../crypto/random.ts';
import { stmt } from '../db/statements.ts';

export interface DeviceRow {
  pk: number;
  user_id: number;
  public_id: string;
  platform: PublicDevice['platform'];
  name: string | null;
  os_version: string | null;
  app_version: string | null;
  fingerprint: string | null;
  push_token: string | null;
  locale: string | null;
  user_agent: string | null;
  ip_address: string | null;
  trusted_until: number | null;
  /** SHA-256 of the device's trust token, while it is trusted (totp/trusted-devices.ts). */
  trust_token_hash: Buffer | null;
  created_at: number;
  last_seen_at: number;
  revoked_at: number | null;
  first_sign_in_at: number | null;
}

/** What a transport knows about the caller's device beyond what the client said. */
export interface DeviceSighting extends DeviceInput {
  userAgent?: string | undefined;
  ipAddress?: string | undefined;
}

/**
 * Registers the device on a completed sign-in, or refreshes what we know of it (and revives a
 * revoked one). Only once every factor has passed: before that, see findOrAddDevice.
 */
export function upsertDevice(db: Db, userId: number, seen: DeviceSighting, now: number): DeviceRow {
  const publicId = seen.id ?? randomId('dev');
  stmt(
    db,
    `INSERT INTO devices (user_id, public_id, platform, name, os_version, app_version, fingerprint,
                          push_token, locale, user_agent, ip_address, created_at, last_seen_at)
     VALUES (@userId, @publicId, @platform, @name, @osVersion, @appVersion, @fingerprint,
             @pushToken, @locale, @userAgent, @ipAddress, @now, @now)
     ON CONFLICT (user_id, public_id) DO UPDATE SET
       platform = coalesce(excluded.platform, platform),
       name = coalesce(excluded.name, name),
       os_version = coalesce(excluded.os_version, os_version),
       app_version = coalesce(excluded.app_version, app_version),
       fingerprint = coalesce(excluded.fingerprint, fingerprint),
       push_token = coalesce(excluded.push_token, push_token),
       locale = coalesce(excluded.locale, locale),
       user_agent = coalesce(excluded.user_agent, user_agent),
       ip_address = coalesce(excluded.ip_address, ip_address),
       last_seen_at = excluded.last_seen_at,
       revoked_at = NULL`,
  ).run(deviceParams(userId, publicId, seen, now));
  return stmt(db, 'SELECT * FROM devices WHERE user_id = ? AND public_id = ?').get(userId, publicId) as DeviceRow;
}

/**
 * The device a sign-in that still owes its second factor comes from, exactly as it is (revoked or
 * not): the first factor alone changes no existing row, since the device id is no secret (every
 * access token names it). An id the user has no device with gets a new row with the facts sent,
 * which names nothing that exists; without an id, the server assigns one.
 */
export function findOrAddDevice(db: Db, userId: number, seen: DeviceSighting, now: number): DeviceRow {
  const publicId = seen.id ?? randomId('dev');
  stmt(
    db,
    `INSERT INTO devices (user_id, public_id, platform, name, os_version, app_version, fingerprint,
                          push_token, locale, user_agent, ip_address, created_at, last_seen_at)
     VALUES (@userId, @publicId, @platform, @name, @osVersion, @appVersion, @fingerprint,
             @pushToken, @locale, @userAgent, @ipAddress, @now, @now)
     ON CONFLICT (user_id, public_id) DO NOTHING`,
  ).run(deviceParams(userId, publicId, seen, now));
  return stmt(db, 'SELECT * FROM devices WHERE user_id = ? AND public_id = ?').get(userId, publicId) as DeviceRow;
}

function deviceParams(userId: number, publicId: string, seen: DeviceSighting, now: number) {
  return {
    userId,
    publicId,
    platform: seen.platform ?? null,
    name: seen.name ?? null,
    osVersion: seen.osVersion ?? null,
    appVersion: seen.appVersion ?? null,
    fingerprint: seen.fingerprint ?? null,
    pushToken: seen.pushToken ?? null,
    locale: seen.locale ?? null,
    userAgent: seen.userAgent ?? null,
    ipAddress: seen.ipAddress ?? null,
    now,
  };
}

/** Records that the device was seen again, with what it reports now; returns the updated row. */
export function touchDevice(db: Db, pk: number, seen: DeviceSighting, now: number): DeviceRow {
  stmt(
    db,
    `UPDATE devices SET last_seen_at = ?, ip_address = coalesce(?, ip_address),
       user_agent = coalesce(?, user_agent), app_version = coalesce(?, app_version),
       os_version = coalesce(?, os_version), push_token = coalesce(?, push_token)
     WHERE pk = ?`,
  ).run(
    now,
    seen.ipAddress ?? null,
    seen.userAgent ?? null,
    seen.appVersion ?? null,
    seen.osVersion ?? null,
    seen.pushToken ?? null,
    pk,
  );
  return stmt(db, 'SELECT * FROM devices WHERE pk = ?').get(pk) as DeviceRow;
}

/**
 * Inside the session-opening transaction: records the device's first completed sign-in. True when
 * this is it and the account had completed a sign-in on another device before: a new device the
 * user should hear about (their very first device is just their first sign-in).
 */
export function isNewDeviceSignIn(db: Db, device: DeviceRow, now: number): boolean {
  const first =
    stmt(db, 'UPDATE devices SET first_sign_in_at = ? WHERE pk = ? AND first_sign_in_at IS NULL').run(now, device.pk)
      .changes === 1;
  return (
    first &&
    stmt(db, 'SELECT 1 FROM devices WHERE user_id = ? AND pk != ? AND first_sign_in_at IS NOT NULL').get(
      device.user_id,
      device.pk,
    ) !== undefined
  );
}

export function findDevice(db: Db, userId: number, publicId: string): DeviceRow | undefined {
  return stmt(db, 'SELECT * FROM devices WHERE user_id = ? AND public_id = ? AND revoked_at IS NULL').get(
    userId,
    publicId,
  ) as DeviceRow | undefined;
}

export function listDevices(db: Db, userId: number): DeviceRow[] {
  return stmt(
    db,
    'SELECT * FROM devices WHERE user_id = ? AND revoked_at IS NULL ORDER BY last_seen_at DESC, pk DESC',
  ).all(userId) as DeviceRow[];
}

export function renameDevice(db: Db, pk: number, name: string): void {
  stmt(db, 'UPDATE devices SET name = ? WHERE pk = ?').run(name, pk);
}

/** Marks the device revoked; its sessions, trust and pending challenges are the caller's to end. */
export function markDeviceRevoked(db: Db, pk: number, now: number): void {
  stmt(db, 'UPDATE devices SET revoked_at = ? WHERE pk = ?').run(now, pk);
}

export function toPublicDevice(row: DeviceRow, currentPk: number | undefined, now: number): PublicDevice {
  return {
    id: row.public_id,
    platform: row.platform,
    name: row.name,
    osVersion: row.os_version,
    appVersion: row.app_version,
    userAgent: row.user_agent,
    ipAddress: row.ip_address,
    createdAt: toIso(row.created_at),
    lastSeenAt: toIso(row.last_seen_at),
    trustedUntil: row.trusted_until && row.trusted_until > now ? toIso(row.trusted_until) : null,
    current: row.pk === currentPk,
  };
}
