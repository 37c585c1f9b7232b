// The OS key store as main sees it (Electron's safeStorage, adapted in main/electron/os-crypto.ts),
// and the two decisions that depend on it: whether "remember me" may persist a refresh token, and
// where the auth server's data key lives. Electron-free so both are tested under Node.
import { existsSync } from 'node:fs';
import { keyFileSecretBox, wrappedKeyFileSecretBox, type SecretBox } from '../server/crypto/secret-box.ts';

export interface OsCrypto {
  /** safeStorage.isEncryptionAvailable(): false before `ready`, or with no key store at all. */
  isAvailable(): boolean;
  /** Linux's selected backend (`basic_text`, `gnome_libsecret`, `kwallet*`); undefined elsewhere. */
  linuxBackend(): string | undefined;
  encrypt(plaintext: string): Buffer;
  decrypt(ciphertext: Buffer): string;
}

export type RememberSupport =
  { available: true } | { available: false; reason: 'no_key_store' | 'basic_text'; message: string };

/**
 * Linux's `basic_text` backend "encrypts" with a hardcoded password (SECURITY.md R40): a token
 * saved that way is readable by anyone who can read the profile, so remember-me is refused.
 */
export function rememberSupport(os: OsCrypto): RememberSupport {
  if (os.linuxBackend() === 'basic_text') {
    return {
      available: false,
      reason: 'basic_text',
      message:
        'Remember me is off: this Linux session has no keyring (safeStorage backend basic_text), so a saved ' +
        'sign-in would be readable by anyone with your files. Install and unlock GNOME Keyring or KWallet, then restart.',
    };
  }
  if (!os.isAvailable()) {
    return {
      available: false,
      reason: 'no_key_store',
      message: 'Remember me is off: the operating system offers no key store to protect a saved sign-in.',
    };
  }
  return { available: true };
}

/**
 * The auth server's data key (signing keys, TOTP secrets): wrapped by the OS key store where it is
 * real, else a 0600 key file. The first choice sticks: an existing key file is kept (the data is
 * sealed with it), and a wrapped key is never silently replaced.
 */
export function appSecretBox(
  databasePath: string,
  os: OsCrypto,
): { box: SecretBox; kind: 'safe_storage' | 'key_file' } {
  const wrappedPath = `${databasePath}.wrapped-key`;
  const plainPath = `${databasePath}.key`;
  const wrapperUsable = rememberSupport(os).available;
  if (existsSync(wrappedPath) || (!existsSync(plainPath) && wrapperUsable)) {
    if (!wrapperUsable) {
      throw new Error(
        `The data key ${wrappedPath} is sealed by the OS key store, which is unavailable now; unlock the keyring and restart.`,
      );
    }
    const wrapper = {
      wrap: (dataKey: Buffer) => os.encrypt(dataKey.toString('base64')),
      unwrap: (wrapped: Buffer) => Buffer.from(os.decrypt(wrapped), 'base64'),
    };
    return { box: wrappedKeyFileSecretBox(wrappedPath, wrapper), kind: 'safe_storage' };
  }
  return { box: keyFileSecretBox(plainPath), kind: 'key_file' };
}
