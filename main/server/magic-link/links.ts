// The magic-link store (docs/security.md R74): one live link per email, kept only as an HMAC of its
// 256-bit token under the sealed server key (the same key as email codes), found again by that
// hash. Issuing replaces (voids) the previous link; using it deletes the row, so it works once.
import { randomBytes } from 'node:crypto';
import type { Platform } from '../../../shared/schemas.ts';
import type { Db } from '../db/open.ts';
import type { Services } from '../services.ts';
import { stmt } from '../db/statements.ts';
import { keyedHash } from '../email/code-key.ts';

type KeyServices = Pick<Services, 'db' | 'secretBox' | 'clock'>;

export interface LinkRow {
  email_normalized: string;
  email: string;
  nonce_hash: Buffer | null;
  redirect_to: string | null;
  device_id: string | null;
  device_name: string | null;
  platform: Platform | null;
  ip_address: string | null;
  created_at: number;
  expires_at: number;
}

export interface NewLink {
  email: string;
  emailNormalized: string;
  nonce?: string | undefined;
  redirectTo: string | null;
  device: { id?: string | undefined; name?: string | undefined; platform?: Platform | undefined };
  ipAddress?: string | undefined;
  now: number;
  ttlMs: number;
}

const hashToken = (services: KeyServices, token: string): Buffer => keyedHash(services, 'magic-link', token);
export const hashNonce = (services: KeyServices, nonce: string): Buffer =>
  keyedHash(services, 'magic-link-nonce', nonce);

/** A fresh token for the email; the earlier link, if any, stops working. Only its hash is kept. */
export function storeLink(services: KeyServices, link: NewLink): string {
  const token = randomBytes(32).toString('base64url');
  stmt(
    services.db,
    `INSERT INTO magic_links (email_normalized, email, token_hash, nonce_hash, redirect_to, device_id,
                             device_name, platform, ip_address, created_at, expires_at)
     VALUES (@emailNormalized, @email, @tokenHash, @nonceHash, @redirectTo, @deviceId,
             @deviceName, @platform, @ipAddress, @now, @expiresAt)
     ON CONFLICT (email_normalized) DO UPDATE SET email = excluded.email, token_hash = excluded.token_hash,
       nonce_hash = excluded.nonce_hash, redirect_to = excluded.redirect_to, device_id = excluded.device_id,
       device_name = excluded.device_name, platform = excluded.platform, ip_address = excluded.ip_address,
       created_at = excluded.created_at, expires_at = excluded.expires_at`,
  ).run({
    emailNormalized: link.emailNormalized,
    email: link.email,
    tokenHash: hashToken(services, token),
    nonceHash: link.nonce ? hashNonce(services, link.nonce) : null,
    redirectTo: link.redirectTo,
    deviceId: link.device.id ?? null,
    deviceName: link.device.name ?? null,
    platform: link.device.platform ?? null,
    ipAddress: link.ipAddress ?? null,
    now: link.now,
    expiresAt: link.now + link.ttlMs,
  });
  return token;
}

/**
 * The live link a token names, or why not. The lookup is by a keyed hash: its timing tells an
 * attacker nothing about any stored token.
 */
export function findLink(
  services: KeyServices,
  token: string,
  now: number,
): { link: LinkRow } | { refused: 'missing' | 'expired' } {
  const row = stmt(
    services.db,
    `SELECT email_normalized, email, nonce_hash, redirect_to, device_id, device_name, platform, ip_address,
            created_at, expires_at
     FROM magic_links WHERE token_hash = ?`,
  ).get(hashToken(services, token)) as LinkRow | undefined;
  if (!row) return { refused: 'missing' };
  if (now >= row.expires_at) return { refused: 'expired' };
  return { link: row };
}

/** Voids the email's link: used, replaced by a new sign-in mail, or its code was used instead. */
export function voidLink(db: Db, emailNormalized: string): void {
  stmt(db, 'DELETE FROM magic_links WHERE email_normalized = ?').run(emailNormalized);
}

/** Forgets expired links; they would be refused anyway. */
export function purgeExpiredLinks(db: Db, now: number): number {
  return stmt(db, 'DELETE FROM magic_links WHERE expires_at <= ?').run(now).changes;
}
