// Encrypts key material at rest (signing keys, TOTP secrets, server secrets). The data key lives
// outside the database: a 0600 key file when headless, Electron's safeStorage in the app.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { tightenFile } from '../private-files.ts';

export interface SecretBox {
  seal(plaintext: Uint8Array): Buffer;
  open(sealed: Uint8Array): Buffer;
}

/** An AES-256 key: what a key file holds. */
export const DATA_KEY_BYTES = 32;
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM with a random nonce per message: version ‖ iv ‖ tag ‖ ciphertext. */
export function aesGcmSecretBox(key: Uint8Array): SecretBox {
  if (key.length !== DATA_KEY_BYTES) throw new Error(`A secret box key must be ${DATA_KEY_BYTES} bytes.`);
  return {
    seal(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]);
    },
    open(sealed) {
      const data = Buffer.from(sealed);
      if (data[0] !== VERSION) throw new Error('Unknown sealed data version.');
      const iv = data.subarray(1, 1 + IV_BYTES);
      const tag = data.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
    },
  };
}

/** A key that lives only as long as the process: for `:memory:` databases and tests. */
export function ephemeralSecretBox(): SecretBox {
  return aesGcmSecretBox(randomBytes(DATA_KEY_BYTES));
}

/**
 * A key file beside the database, created with mode 0600. One found readable by others is made
 * 0600 before it is read (or the start stops): anyone who can read it can read every TOTP secret
 * and forge tokens. Whether a missing key may be created is the caller's call (data-key.ts).
 */
export function keyFileSecretBox(path: string): SecretBox {
  if (!existsSync(path)) {
    writeFileSync(path, randomBytes(DATA_KEY_BYTES), { mode: 0o600, flag: 'wx' });
  }
  tightenFile(path);
  return aesGcmSecretBox(readFileSync(path));
}

/** Wraps a random data key with an OS facility (Electron safeStorage), stored at `path`. */
export interface KeyWrapper {
  wrap(dataKey: Buffer): Buffer;
  unwrap(wrapped: Buffer): Buffer;
}

export function wrappedKeyFileSecretBox(path: string, wrapper: KeyWrapper): SecretBox {
  if (!existsSync(path)) {
    writeFileSync(path, wrapper.wrap(randomBytes(DATA_KEY_BYTES)), { mode: 0o600, flag: 'wx' });
  }
  tightenFile(path);
  return aesGcmSecretBox(wrapper.unwrap(readFileSync(path)));
}
