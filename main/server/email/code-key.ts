// The server key that one-time codes and captcha answers are HMAC'd with (docs/security.md R12). It is
// created once, sealed by the secret box (so the database alone cannot brute-force 10^6 codes
// offline), kept in `server_secrets`, and cached per connection.
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { Services } from '../services.ts';
import type { Db } from '../db/open.ts';
import { stmt } from '../db/statements.ts';
import { hmacSha256 } from '../crypto/random.ts';

const KEY_NAME = 'email_code_hmac';
const cache = new WeakMap<Db, KeyObject>();

/** A named 32-byte server secret: read and opened, or created on first use. */
export function serverSecret(services: Pick<Services, 'db' | 'secretBox' | 'clock'>, name: string): Buffer {
  const { db, secretBox, clock } = services;
  const select = stmt(db, 'SELECT sealed FROM server_secrets WHERE name = ?');
  let row = select.get(name) as { sealed: Buffer } | undefined;
  if (!row) {
    stmt(
      db,
      'INSERT INTO server_secrets (name, sealed, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING',
    ).run(name, secretBox.seal(randomBytes(32)), clock.now());
    row = select.get(name) as { sealed: Buffer };
  }
  return secretBox.open(row.sealed);
}

function codeKey(services: Pick<Services, 'db' | 'secretBox' | 'clock'>): KeyObject {
  let key = cache.get(services.db);
  if (!key) cache.set(services.db, (key = createSecretKey(serverSecret(services, KEY_NAME))));
  return key;
}

/**
 * HMAC of a secret bound to its context: the same code under another purpose or email (or the same
 * answer under another captcha id) hashes differently, so it can never be replayed elsewhere.
 */
export function keyedHash(services: Pick<Services, 'db' | 'secretBox' | 'clock'>, ...parts: string[]): Buffer {
  return hmacSha256(codeKey(services), parts.join('\u0000'));
}
