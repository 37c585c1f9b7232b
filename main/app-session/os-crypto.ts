// The OS key store as main sees it (Electron's safeStorage, adapted in main/electron/os-crypto.ts),
// and the two decisions that depend on it: whether "remember me" may persist a refresh token, and
// where the auth server's data key lives. Electron-free so both are tested under Node. The calls
// are asynchronous: Electron deprecates the synchronous safeStorage API in 45 and removes it in 46.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { aesGcmSecretBox, keyFileSecretBox, type SecretBox } from '../server/crypto/secret-box.ts';
import { refuseNewKeyFor } from '../server/crypto/data-key.ts';

export interface OsCrypto {
  /** safeStorage.isAsyncEncryptionAvailable(): false before `ready`, or with no key store at all. */
  isAvailable(): Promise<boolean>;
  /** Linux's selected backend (`basic_text`, `gnome_libsecret`, `kwallet*`); undefined elsewhere. */
  linuxBackend(): string | undefined;
  encrypt(plaintext: string): Promise<Buffer>;
  /** `reseal`: the OS rotated its key; seal the plaintext again so it stays readable. */
  decrypt(ciphertext: Buffer): Promise<{ plaintext: string; reseal: boolean }>;
}

export type RememberSupport =
  { available: true } | { available: false; reason: 'no_key_store' | 'basic_text'; message: string };

/**
 * Linux's `basic_text` backend "encrypts" with a hardcoded password (docs/security.md R40): a token
 * saved that way is readable by anyone who can read the profile, so remember-me is refused.
 */
export async function rememberSupport(os: OsCrypto): Promise<RememberSupport> {
  if (os.linuxBackend() === 'basic_text') {
    return {
      available: false,
      reason: 'basic_text',
      message:
        'Remember me is off: this Linux session has no keyring (safeStorage backend basic_text), so a saved ' +
        'sign-in would be readable by anyone with your files. Install and unlock GNOME Keyring or KWallet, then restart.',
    };
  }
  if (!(await os.isAvailable())) {
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
 * sealed with it), and a wrapped key is never silently replaced. Unwrapped once, at start-up.
 */
export async function appSecretBox(
  databasePath: string,
  os: OsCrypto,
): Promise<{ box: SecretBox; kind: 'safe_storage' | 'key_file' }> {
  const wrappedPath = `${databasePath}.wrapped-key`;
  const plainPath = `${databasePath}.key`;
  const wrapperUsable = (await rememberSupport(os)).available;
  // A database restored without its key is never given a new one (docs/security.md R72).
  if (!existsSync(wrappedPath) && !existsSync(plainPath)) refuseNewKeyFor(databasePath, [wrappedPath, plainPath]);
  if (existsSync(wrappedPath) || (!existsSync(plainPath) && wrapperUsable)) {
    if (!wrapperUsable) {
      throw new Error(
        `The data key ${wrappedPath} is sealed by the OS key store, which is unavailable now; unlock the keyring and restart.`,
      );
    }
    return { box: aesGcmSecretBox(await unwrapDataKey(wrappedPath, os)), kind: 'safe_storage' };
  }
  return { box: keyFileSecretBox(plainPath), kind: 'key_file' };
}

/** The data key in `path`, sealed by the OS (created on first use, resealed when the OS asks). */
async function unwrapDataKey(path: string, os: OsCrypto): Promise<Buffer> {
  if (!existsSync(path)) {
    writeFileSync(path, await os.encrypt(randomBytes(32).toString('base64')), { mode: 0o600, flag: 'wx' });
  }
  // Read back even when just written: a key the OS cannot unwrap must stop the app now, not later.
  const { plaintext, reseal } = await os.decrypt(readFileSync(path));
  const key = Buffer.from(plaintext, 'base64');
  if (reseal) {
    const temporary = `${path}.tmp`;
    const resealed = await os.encrypt(plaintext);
    rmSync(temporary, { force: true }); // so the file written is a new one, created 0600
    writeFileSync(temporary, resealed, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, path);
  }
  return key;
}
